// What a due drill does now: the latest slot that has come runs (late, within the drill's grace window),
// every earlier one and anything past the grace window is recorded as missed, and the drill moves on to
// its first slot after now. Pure: the scheduler calls it with its clock.
import type { CronSpec } from './cron.ts';
import { nextSlot, type Slot } from './zoned.ts';

export interface DuePlan {
  missed: Slot[];
  run?: Slot;
  /** Later than the tick's own latency: the intro says it was posted late. */
  late: boolean;
  next: Slot | null;
}

/** A bot down for months on a 15-minute schedule records at most this many missed slots. */
export const MAX_MISSED_RECORDED = 100;
const LATE_AFTER_MS = 90_000;
const CATCH_UP_MS = 7 * 86_400_000;

export function planDue(cron: CronSpec, zone: string, due: Slot, now: Date, graceMinutes: number): DuePlan {
  const passed: Slot[] = [due];
  // After a long outage only the last week is walked slot by slot (the rest is summed up by the first missed one).
  const from = Math.max(due.at.getTime(), now.getTime() - CATCH_UP_MS);
  let next = nextSlot(cron, zone, new Date(from));
  while (next && next.at.getTime() <= now.getTime()) {
    passed.push(next);
    if (passed.length > MAX_MISSED_RECORDED + 1) passed.shift();
    next = nextSlot(cron, zone, next.at);
  }
  const last = passed.at(-1)!;
  const lateBy = now.getTime() - last.at.getTime();
  if (lateBy <= graceMinutes * 60_000) return { missed: passed.slice(0, -1), run: last, late: lateBy > LATE_AFTER_MS, next: next ?? null };
  return { missed: passed, late: false, next: next ?? null };
}
