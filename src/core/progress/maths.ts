// "step 33/36 · 92%": the one place the progress wording and rounding live.
export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.round((Math.min(done, total) / total) * 100);
}

/** Where the learner is (the step) and how much they have shown they know (lessons done of the track). */
export function stepLabel(step: number, total: number, done: number): string {
  return `step ${step}/${total} · ${percent(done, total)}%`;
}

/** A lesson counts as done once the learner has shown it: this share right in a quiz session, or this explain score. */
export const DONE_QUIZ_SHARE = 0.6;
export const DONE_EXPLAIN_SCORE = 60;
