// The run limit's rule on its own: a sliding 60 s window per learner, times given by the caller.
import { describe, expect, it } from 'vitest';
import { admitRun, createRunRateLimit } from '../../../src/core/coderun/rate-limit.ts';

describe('given the per-learner run limit', () => {
  it('given fewer runs than the limit in the last 60 s, admits and remembers the new one', () => {
    expect(admitRun([1_000, 30_000], 50_000, 3)).toEqual({ admission: { allowed: true }, kept: [1_000, 30_000, 50_000] });
  });

  it('given the limit reached, refuses until the oldest run in the window is 60 s old, forgetting older ones', () => {
    expect(admitRun([0, 10_000, 20_000, 30_000], 65_000, 3)).toEqual({ admission: { allowed: false, runs: 3, retryInMs: 5_000 }, kept: [10_000, 20_000, 30_000] });
    expect(admitRun([10_000, 20_000, 30_000], 70_000, 3).admission).toEqual({ allowed: true });
  });

  it('given several learners, counts each on their own and does not count refused attempts', () => {
    const limit = createRunRateLimit(2);
    expect([limit.take('a', 0), limit.take('a', 1), limit.take('a', 2), limit.take('b', 2)].map((r) => r.allowed)).toEqual([true, true, false, true]);
    // At 60 000 the run at 0 has left the window, the one at 1 has not.
    expect(limit.take('a', 60_000)).toEqual({ allowed: true });
    expect(limit.take('a', 60_000)).toEqual({ allowed: false, runs: 2, retryInMs: 1 });
  });
});
