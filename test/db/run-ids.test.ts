// Run ids are time-ordered (so a busy minute's inserts stay together in the index) and never repeat.
import { describe, expect, it } from 'vitest';
import { newRunId } from '../../src/db/drill-creation.ts';

describe('run ids', () => {
  it('given 50,000 ids made in a tight loop, all differ, all are 14 characters and they sort in creation order', () => {
    const ids = Array.from({ length: 50_000 }, () => newRunId());
    expect(new Set(ids).size).toBe(50_000);
    expect(ids.every((id) => /^[0-9a-z]{14}$/.test(id))).toBe(true);
    const byTimeAndCounter = ids.map((id) => id.slice(0, 12));
    expect([...byTimeAndCounter].sort()).toEqual(byTimeAndCounter);
  });

  it('given two instants, the later one sorts after', () => {
    expect(newRunId(Date.UTC(2026, 11, 7, 8)).slice(0, 12) < newRunId(Date.UTC(2026, 11, 7, 8, 0, 1)).slice(0, 12)).toBe(true);
  });
});
