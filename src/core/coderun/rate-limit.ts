// How often one learner may run code: at most `perMinute` runs in any 60 s (a sliding window, so there is
// no minute boundary at which a burst of twice the limit gets through). Time comes from the caller (the
// core's Clock), never from a timer, so the rule is tested by moving a fixed clock.

export const RUN_WINDOW_MS = 60_000;
export const DEFAULT_RUNS_PER_MINUTE = 10;

export type RunAdmission = { allowed: true } | { allowed: false; runs: number; retryInMs: number };

/** The rule itself: given the times of earlier runs, may one more run at `now`, and which times to keep. */
export function admitRun(earlier: readonly number[], now: number, perMinute: number): { admission: RunAdmission; kept: number[] } {
  const recent = earlier.filter((at) => at > now - RUN_WINDOW_MS);
  if (recent.length < perMinute) return { admission: { allowed: true }, kept: [...recent, now] };
  // The oldest run in the window leaves it first; then one more run fits.
  const oldest = recent[recent.length - perMinute] ?? now;
  return { admission: { allowed: false, runs: recent.length, retryInMs: oldest + RUN_WINDOW_MS - now }, kept: recent };
}

export interface RunRateLimit {
  readonly perMinute: number;
  /** Counts a run for the learner when it is allowed; a refused attempt is not counted. */
  take(learnerId: string, now: number): RunAdmission;
}

// Forgotten learners' entries are dropped once the map holds this many, so it cannot grow without bound.
const SWEEP_AT = 1000;

export function createRunRateLimit(perMinute = DEFAULT_RUNS_PER_MINUTE): RunRateLimit {
  const runs = new Map<string, number[]>();
  return Object.freeze({
    perMinute,
    take(learnerId: string, now: number): RunAdmission {
      if (runs.size >= SWEEP_AT) {
        for (const [id, times] of runs) if (times.every((at) => at <= now - RUN_WINDOW_MS)) runs.delete(id);
      }
      const { admission, kept } = admitRun(runs.get(learnerId) ?? [], now, perMinute);
      runs.set(learnerId, kept);
      return admission;
    },
  });
}
