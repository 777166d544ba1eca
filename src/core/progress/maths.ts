// "step 33/36 · 92%": the one place the progress wording and rounding live.
export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.round((Math.min(done, total) / total) * 100);
}

export function stepLabel(step: number, total: number): string {
  return `step ${step}/${total} · ${percent(step, total)}%`;
}
