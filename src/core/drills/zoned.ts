// Wall-clock time in an IANA time zone, with Intl only (no library, no I/O), and the one rule for
// daylight-saving changes: a drill is keyed by its local slot ("2027-03-28T02:30"), so
// - a local time that happens twice (clocks go back) fires once, at its first occurrence;
// - a local time that does not exist (clocks go forward) fires once, shifted forward by the gap (02:30 -> 03:30).
// So a change neither doubles nor drops a run.
import { dayMatches, type CronSpec } from './cron.ts';

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export interface Slot {
  /** The instant the slot fires. */
  at: Date;
  /** Its local wall-clock label, unique per drill: the key that makes each run happen once. */
  local: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's canonical name, or undefined when it does not exist. */
export function canonicalZone(zone: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function formattedLocal(ms: number, zone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

export function localTime(at: Date, zone: string): LocalTime {
  const local = new Date(Math.floor(at.getTime() / MINUTE) * MINUTE + offsetAt(at.getTime(), zone));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(), hour: local.getUTCHours(), minute: local.getUTCMinutes() };
}

const asUtc = (t: LocalTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
const MINUTE = 60_000;
const DAY = 86_400_000;

// Intl formatting costs ~20 µs; a busy minute asks the same zones about the same minutes thousands of times.
const offsets = new Map<string, number>();
const MAX_CACHED_OFFSETS = 100_000;

/** Milliseconds the zone is ahead of UTC at an instant (ms), per minute. */
function offsetAt(ms: number, zone: string): number {
  const floored = Math.floor(ms / MINUTE) * MINUTE;
  const key = `${zone}|${floored}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
    offset = asUtc(formattedLocal(floored, zone)) - floored;
    offsets.set(key, offset);
  }
  return offset;
}

/** The instant of a local time: the first of two when it happens twice, shifted by the gap when it never happens. */
export function instantOf(t: LocalTime, zone: string): number {
  const wall = asUtc(t);
  const before = offsetAt(wall - DAY, zone);
  const after = offsetAt(wall + DAY, zone);
  const candidates = [wall - before, wall - after].filter((ms) => asUtc(localTime(new Date(ms), zone)) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  // In the gap: the offset from before the change moves the time forward by exactly the gap.
  return wall - before;
}

export const slotLabel = (t: LocalTime): string =>
  `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;

const pad = (n: number) => String(n).padStart(2, '0');

/** Five years: a schedule with no firing in that span (Feb 30) never fires. */
const SEARCH_DAYS = 5 * 366;

/** The first slot strictly after `after`, or undefined when the schedule never fires. */
export function nextSlot(spec: CronSpec, zone: string, after: Date): Slot | undefined {
  const start = localTime(after, zone);
  const afterMs = after.getTime();
  let date = new Date(Date.UTC(start.year, start.month - 1, start.day));
  for (let i = 0; i < SEARCH_DAYS; i++, date = new Date(date.getTime() + DAY)) {
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    if (!dayMatches(spec, year, month, day)) continue;
    const wallStart = date.getTime();
    const offset = offsetAt(wallStart - DAY, zone);
    // The usual day: one offset throughout, so local order is instant order and arithmetic is enough.
    if (offset === offsetAt(wallStart + 2 * DAY, zone)) {
      for (const hour of spec.hours) {
        for (const minute of spec.minutes) {
          const at = wallStart + (hour * 60 + minute) * MINUTE - offset;
          if (at > afterMs) return { at: new Date(at), local: slotLabel({ year, month, day, hour, minute }) };
        }
      }
      continue;
    }
    let best: Slot | undefined;
    for (const hour of spec.hours) {
      for (const minute of spec.minutes) {
        const local = { year, month, day, hour, minute };
        const at = instantOf(local, zone);
        // A gap-shifted slot can come after a later one of the same day: keep the earliest instant.
        if (at > afterMs && (!best || at < best.at.getTime())) best = { at: new Date(at), local: slotLabel(local) };
      }
    }
    if (best) return best;
  }
  return undefined;
}
