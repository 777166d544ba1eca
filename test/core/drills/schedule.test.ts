// Schedules as pure functions: presets and cron parsing, the 15-minute floor, time zones, next slots
// across DST, and agreement with node-cron 4 on which minutes a cron expression matches.
import { describe, expect, it } from 'vitest';
import cron from 'node-cron';
import { parseCron, shortestGapMinutes } from '../../../src/core/drills/cron.ts';
import { parseSchedule, presetCron } from '../../../src/core/drills/schedule.ts';
import { canonicalZone, instantOf, nextSlot } from '../../../src/core/drills/zoned.ts';
import { planDue } from '../../../src/core/drills/plan.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('schedules', () => {
  it.each([
    ['weekdays 09:00', '0 9 * * 1-5'],
    ['weekdays@09:00', '0 9 * * 1-5'],
    ['Daily 18:30', '30 18 * * *'],
    ['weekends 7:05', '5 7 * * 0,6'],
    ['mon,wed,fri 08:15', '15 8 * * 1,3,5'],
    ['friday@17:00', '0 17 * * 5'],
  ])('given the preset %s, it is cron %s', (preset, expression) => {
    expect(presetCron(preset)).toBe(expression);
  });

  it.each(['weekdays 24:00', 'someday 09:00', 'weekdays', 'mo 09:00'])('given %s, it is not a preset', (text) => {
    expect(presetCron(text)).toBeUndefined();
  });

  it('given cron syntax with names, ranges, steps and Sunday as 7, parses to the same sets node-cron uses', () => {
    const spec = parseCron('0,30 9-17/4 * jan-mar MON-FRI,7');
    expect([spec.minutes, spec.hours, [...spec.months], [...spec.daysOfWeek].sort()]).toEqual([[0, 30], [9, 13, 17], [1, 2, 3], [0, 1, 2, 3, 4, 5]]);
    expect(parseCron('0 0 9 * * 1-5').expression).toBe('0 9 * * 1-5');
  });

  it.each([
    ['0 9 * *', 'a cron expression has 5 fields (minute hour day month weekday); got 4'],
    ['0 9 L * *', 'day of month: "L" is not a value (L, W and # are not supported)'],
    ['0 9 * 13 *', 'month: 13 is outside 1-12'],
    ['0 17-9 * * *', 'hour: the range 17-9 runs backwards'],
    ['*/0 9 * * *', 'minute: a step must be at least 1'],
  ])('given %s, explains what is wrong', (text, reason) => {
    expect(() => parseCron(text)).toThrow(reason);
  });

  it('given firing times, the shortest gap counts the wrap to the next day', () => {
    expect(shortestGapMinutes(parseCron('*/15 * * * *'))).toBe(15);
    expect(shortestGapMinutes(parseCron('0,50 9 * * *'))).toBe(50);
    expect(shortestGapMinutes(parseCron('5 0,23 * * *'))).toBe(60);
    expect(shortestGapMinutes(parseCron('0 9 * * 1-5'))).toBe(1440);
  });

  it('given time zones, accepts IANA names (canonicalised) and refuses the rest', () => {
    expect(canonicalZone('europe/paris')).toBe('Europe/Paris');
    expect(canonicalZone('UTC')).toBe('UTC');
    expect(canonicalZone('Mars/Olympus')).toBeUndefined();
    expect(canonicalZone('../etc/passwd')).toBeUndefined();
    const result = parseSchedule('weekdays 09:00', 'Asia/Kolkata', new Date('2026-12-04T04:00:00Z'));
    expect(result.ok && [result.schedule.label, result.next.local, result.next.at.toISOString()]).toEqual(['weekdays 09:00', '2026-12-07T09:00', '2026-12-07T03:30:00.000Z']);
  });

  it('given local times on DST days, picks the first of a repeated time and shifts a missing one by the gap', () => {
    // Paris, 28 March 2027: 02:00 -> 03:00. 31 October 2027: 03:00 -> 02:00.
    expect(iso(instantOf({ year: 2027, month: 3, day: 28, hour: 2, minute: 30 }, 'Europe/Paris'))).toBe('2027-03-28T01:30:00.000Z');
    expect(iso(instantOf({ year: 2027, month: 3, day: 28, hour: 3, minute: 0 }, 'Europe/Paris'))).toBe('2027-03-28T01:00:00.000Z');
    expect(iso(instantOf({ year: 2027, month: 10, day: 31, hour: 2, minute: 30 }, 'Europe/Paris'))).toBe('2027-10-31T00:30:00.000Z');
    // Lord Howe Island moves by 30 minutes.
    expect(iso(instantOf({ year: 2027, month: 10, day: 3, hour: 2, minute: 15 }, 'Australia/Lord_Howe'))).toBe('2027-10-02T15:45:00.000Z');
  });

  it('given a gap-shifted slot and a later real one on the same day, the next slot is the earlier instant', () => {
    const spec = parseCron('30 2 * * *');
    expect(nextSlot(spec, 'Europe/Paris', new Date('2027-03-27T23:00:00Z'))).toEqual({ at: new Date('2027-03-28T01:30:00Z'), local: '2027-03-28T02:30' });
    // After the first 02:30 of 31 October, the next is 1 November, not the repeated 02:30.
    expect(nextSlot(spec, 'Europe/Paris', new Date('2027-10-31T00:30:00Z'))).toEqual({ at: new Date('2027-11-01T01:30:00Z'), local: '2027-11-01T02:30' });
  });

  it('given random instants away from DST changes, matches exactly the minutes node-cron 4 matches', () => {
    const expressions = ['0 9 * * 1-5', '*/15 8-18 * * *', '30 6 1,15 * *', '0 12 * jan,jun mon', '45 23 * * 0,6', '0 0 29 2 *'];
    const zones = ['UTC', 'Europe/Paris', 'Asia/Kolkata', 'America/Los_Angeles'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let matched = 0;
    for (const expression of expressions) {
      for (const zone of zones) {
        const task = cron.createTask(expression, () => {}, { timezone: zone });
        const spec = parseCron(expression);
        for (let i = 0; i < 150; i++) {
          // January and July 2027: no DST change within them in these zones.
          const month = random() < 0.5 ? 0 : 6;
          const at = Date.UTC(2027, month, 2 + Math.floor(random() * 27), Math.floor(random() * 24), Math.floor(random() * 4) * 15);
          const ours = nextSlot(spec, zone, new Date(at - 1))?.at.getTime() === at;
          expect([expression, zone, iso(at), ours]).toEqual([expression, zone, iso(at), task.match(new Date(at))]);
          if (ours) matched++;
        }
        void task.destroy();
      }
    }
    expect(matched).toBeGreaterThan(100);
  });
});

describe('planning a due drill', () => {
  const spec = parseCron('0 9 * * 1-5');
  const due = { at: new Date('2026-12-07T08:00:00Z'), local: '2026-12-07T09:00' };

  it('given the tick on time, runs the slot and moves to the next weekday', () => {
    expect(planDue(spec, 'Europe/Paris', due, new Date('2026-12-07T08:00:00Z'), 30)).toEqual({
      missed: [], run: due, late: false, next: { at: new Date('2026-12-08T08:00:00Z'), local: '2026-12-08T09:00' },
    });
  });

  it('given a tick after a weekend down, misses Friday and runs nothing late past the grace window', () => {
    const friday = { at: new Date('2026-12-04T08:00:00Z'), local: '2026-12-04T09:00' };
    expect(planDue(spec, 'Europe/Paris', friday, new Date('2026-12-07T09:00:00Z'), 30)).toEqual({
      missed: [friday, due], late: false, next: { at: new Date('2026-12-08T08:00:00Z'), local: '2026-12-08T09:00' },
    });
  });

  it('given months down on a 15-minute schedule, walks only the last week and records at most 100 missed slots', () => {
    const every = parseCron('*/15 * * * *');
    const old = { at: new Date('2026-06-01T00:00:00Z'), local: '2026-06-01T00:00' };
    const plan = planDue(every, 'UTC', old, new Date('2026-12-07T08:07:00Z'), 30);
    expect([plan.missed.length, plan.missed.at(-1)!.local, plan.run?.local, plan.late, plan.next?.local]).toEqual([100, '2026-12-07T07:45', '2026-12-07T08:00', true, '2026-12-07T08:15']);
  });
});
