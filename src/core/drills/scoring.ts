// Points for a drill answer: 10 for a right one, plus up to 5 for speed (all 5 at once, none at the
// deadline), so speed breaks ties without outweighing being right.
export const POINTS_CORRECT = 10;
export const MAX_SPEED_BONUS = 5;

export function answerPoints(correct: boolean, elapsedMs: number, windowMs: number): number {
  if (!correct) return 0;
  const left = Math.max(0, Math.min(1, 1 - elapsedMs / windowMs));
  return POINTS_CORRECT + Math.round(MAX_SPEED_BONUS * left);
}

export function accuracy(correct: number, answered: number): number {
  return answered === 0 ? 0 : Math.round((100 * correct) / answered);
}
