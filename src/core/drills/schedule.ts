// What a lead types as a drill's schedule: a preset ("weekdays 09:00", or one token "weekdays@09:00" for
// the terminal) or a five-field cron expression, in an IANA time zone. Each refusal explains and gives an
// example; nothing more often than every 15 minutes.
import { CronError, parseCron, shortestGapMinutes, type CronSpec } from './cron.ts';
import { canonicalZone, nextSlot, type Slot } from './zoned.ts';

export const MIN_INTERVAL_MINUTES = 15;

export const SCHEDULE_EXAMPLE = '"weekdays 09:00" (or weekdays@09:00), "daily 18:30", "mon,wed,fri 08:15", or cron "0 9 * * 1-5"';

export interface Schedule {
  /** As the lead wrote it, normalised ("weekdays 09:00"). */
  label: string;
  cron: CronSpec;
  zone: string;
}

export type ScheduleResult = { ok: true; schedule: Schedule; next: Slot } | { ok: false; reason: string };

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const PRESET_DAYS: Record<string, string> = { daily: '*', weekdays: '1-5', weekends: '0,6' };

/** A preset's cron expression, or undefined when the text is not a preset. */
export function presetCron(text: string): string | undefined {
  const match = /^([a-z,]+)[\s@]+(\d{1,2}):(\d{2})$/i.exec(text.trim());
  if (!match) return undefined;
  const [, daysText = '', hourText = '', minuteText = ''] = match;
  const hour = Number(hourText);
  const minute = Number(minuteText);
  if (hour > 23 || minute > 59) return undefined;
  const days = daysText.toLowerCase();
  const dow = PRESET_DAYS[days] ?? dayList(days);
  return dow === undefined ? undefined : `${minute} ${hour} * * ${dow}`;
}

function dayList(text: string): string | undefined {
  const days = text.split(',').map((d) => DAY_NAMES.indexOf(d.slice(0, 3)));
  return days.every((d) => d >= 0) && text.split(',').every((d) => d.length >= 3) ? [...new Set(days)].sort().join(',') : undefined;
}

export function parseSchedule(text: string, zoneText: string, now: Date): ScheduleResult {
  const zone = canonicalZone(zoneText.trim());
  if (!zone) return { ok: false, reason: `"${zoneText}" is not an IANA time zone; use one like Europe/Paris, America/New_York or UTC` };
  const preset = presetCron(text);
  let cron: CronSpec;
  try {
    cron = parseCron(preset ?? text);
  } catch (error) {
    if (!(error instanceof CronError)) throw error;
    return { ok: false, reason: `"${text}" is not a schedule (${error.message}); try ${SCHEDULE_EXAMPLE}` };
  }
  const gap = shortestGapMinutes(cron);
  if (gap < MIN_INTERVAL_MINUTES) {
    return { ok: false, reason: `"${text}" would fire every ${gap} minute${gap === 1 ? '' : 's'}; a drill may run at most every ${MIN_INTERVAL_MINUTES} minutes (e.g. "*/15 9-17 * * 1-5")` };
  }
  const next = nextSlot(cron, zone, now);
  if (!next) return { ok: false, reason: `"${text}" never fires (no such date in the next five years); try ${SCHEDULE_EXAMPLE}` };
  const label = preset ? text.trim().replace(/[\s@]+/, ' ').toLowerCase() : cron.expression;
  return { ok: true, schedule: { label, cron, zone }, next };
}
