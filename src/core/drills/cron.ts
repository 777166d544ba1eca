// Five-field cron expressions (minute hour day-of-month month day-of-week), with node-cron 4's meaning:
// lists, ranges, steps, month and weekday names, 0 or 7 for Sunday, and day-of-month AND day-of-week both
// having to match. Parsed here, in the core, so validation, next-run computation and the DST rules are
// one pure piece of code that tests drive with any clock (node-cron only fires the scheduler's tick).

export interface CronSpec {
  /** The normalised five fields, as stored. */
  expression: string;
  minutes: number[];
  hours: number[];
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
}

export class CronError extends Error {}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldRule {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** Offset added to a name's index (months are 1-based). */
  nameBase?: number;
}

const FIELDS: FieldRule[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS, nameBase: 0 },
];

export function parseCron(text: string): CronSpec {
  let parts = text.trim().split(/\s+/);
  if (parts.length === 6) {
    // node-cron's optional seconds field: a drill fires on the minute, so only "0" is meaningful.
    if (parts[0] !== '0') throw new CronError('the seconds field would fire more than once a minute');
    parts = parts.slice(1);
  }
  if (parts.length !== 5) throw new CronError(`a cron expression has 5 fields (minute hour day month weekday); got ${parts.length}`);
  const [minutes, hours, dom, months, dow] = parts.map((p, i) => parseField(p, FIELDS[i]!));
  // 7 is Sunday too.
  const weekdays = new Set([...dow!].map((d) => (d === 7 ? 0 : d)));
  return {
    expression: parts.join(' '),
    minutes: [...minutes!].sort((a, b) => a - b),
    hours: [...hours!].sort((a, b) => a - b),
    daysOfMonth: dom!,
    months: months!,
    daysOfWeek: weekdays,
  };
}

function parseField(text: string, rule: FieldRule): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const [range = '', stepText, extra] = item.split('/');
    if (extra !== undefined || range === '') throw new CronError(`${rule.name}: "${item}" is not a value, range or step`);
    const step = stepText === undefined ? 1 : toInteger(stepText, rule, 'step');
    if (step < 1) throw new CronError(`${rule.name}: a step must be at least 1`);
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = rule.min;
      to = rule.name === 'day of week' ? 6 : rule.max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      from = toValue(a, rule);
      to = toValue(b, rule);
      if (from > to) throw new CronError(`${rule.name}: the range ${range} runs backwards`);
    } else {
      from = toValue(range, rule);
      // "5/15" means from 5 to the end, every 15.
      to = stepText === undefined ? from : rule.max;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function toValue(text: string, rule: FieldRule): number {
  const named = rule.names?.indexOf(text.slice(0, 3).toLowerCase());
  if (named !== undefined && named >= 0 && /^[a-z]+$/i.test(text)) return named + (rule.nameBase ?? 0);
  const value = toInteger(text, rule, 'value');
  if (value < rule.min || value > rule.max) throw new CronError(`${rule.name}: ${value} is outside ${rule.min}-${rule.max}`);
  return value;
}

function toInteger(text: string, rule: FieldRule, what: string): number {
  if (!/^\d+$/.test(text)) throw new CronError(`${rule.name}: "${text}" is not a ${what} (L, W and # are not supported)`);
  return Number(text);
}

/** Whether the local calendar day can fire (month, day of month and weekday all match). */
export function dayMatches(spec: CronSpec, year: number, month: number, day: number): boolean {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return spec.months.has(month) && spec.daysOfMonth.has(day) && spec.daysOfWeek.has(weekday);
}

/**
 * The shortest time between two firings in minutes, assuming any two consecutive days can both fire
 * (so the wrap from the last firing of a day to the first of the next counts).
 */
export function shortestGapMinutes(spec: CronSpec): number {
  const times = spec.hours.flatMap((h) => spec.minutes.map((m) => h * 60 + m));
  let gap = 1440 - times.at(-1)! + times[0]!;
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i]! - times[i - 1]!);
  return gap;
}
