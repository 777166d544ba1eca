// The Clock is the only time source: what the store stamps on its own rows (a state's updatedAt, a new
// learner's createdAt, the content import's importedAt) comes from it, not from the machine's time.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { FixedClock } from '../helpers/clock.ts';
import { makeContentTree } from '../helpers/content.ts';
import { alice, channel } from '../helpers/recording-adapter.ts';
import { setRunStatus } from '../../src/db/drill-runs.ts';

let t: TestApp;
afterEach(async () => t?.close());

describe('timestamps the store writes', () => {
  it('given a fixed clock, stamps the import, the new learner and the saved states with its time', async () => {
    const clock = new FixedClock(new Date('2031-05-04T03:02:01.000Z'));
    t = await createTestApp(makeContentTree().root, clock);
    clock.advance(60);
    await t.command(alice, channel, 'lesson', { step: '1' });
    const stamps = (table: string, column: string) => t.rows<Record<string, string>>(table).map((r) => r[column]);
    expect(stamps('Track', 'importedAt')).toEqual(['2031-05-04T03:02:01.000+00:00']);
    expect(new Set(stamps('Lesson', 'importedAt'))).toEqual(new Set(['2031-05-04T03:02:01.000+00:00']));
    expect(new Set(stamps('Lesson', 'updatedAt'))).toEqual(new Set(['2031-05-04T03:02:01.000+00:00']));
    expect(stamps('Learner', 'createdAt')).toEqual(['2031-05-04T03:03:01.000+00:00']);
    expect(stamps('Identity', 'createdAt')).toEqual(['2031-05-04T03:03:01.000+00:00']);
    expect(stamps('ThreadState', 'updatedAt')).toEqual(['2031-05-04T03:03:01.000+00:00']);
  });

  it('given a run marked revealed without the time, refuses rather than reading the machine clock', async () => {
    t = await createTestApp(makeContentTree().root, new FixedClock());
    expect(() => setRunStatus(t.app.db.sql, 'no-such-run', 'revealed')).toThrow('a revealed run needs the time it was revealed');
  });
});
