// Which questions a quiz session asks, weakest first: questions last answered wrong, then ones never
// seen, then ones answered right longest ago. Pure, so the ordering rules are tested without a database.
import type { QuizAttemptRecord } from '../ports.ts';

export const SESSION_LENGTH = 5;

export function pickQuestions(candidates: readonly string[], attempts: readonly QuizAttemptRecord[], limit = SESSION_LENGTH): string[] {
  const last = new Map<string, QuizAttemptRecord>();
  for (const attempt of attempts) {
    const seen = last.get(attempt.questionId);
    if (!seen || seen.answeredAt <= attempt.answeredAt) last.set(attempt.questionId, attempt);
  }
  const rank = (id: string): [number, number] => {
    const attempt = last.get(id);
    if (!attempt) return [1, 0];
    return attempt.correct ? [2, attempt.answeredAt.getTime()] : [0, attempt.answeredAt.getTime()];
  };
  return candidates
    .map((id, order) => ({ id, order, rank: rank(id) }))
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.order - b.order)
    .slice(0, limit)
    .map((c) => c.id);
}

export interface AnswerOutcome {
  queue: string[];
  retried: string[];
}

/** After an answer: a wrong answer comes back once at the end; a right one is never asked again this session. */
export function requeue(queue: readonly string[], retried: readonly string[], questionId: string, correct: boolean): AnswerOutcome {
  if (correct || retried.includes(questionId)) return { queue: [...queue], retried: [...retried] };
  return { queue: [...queue, questionId], retried: [...retried, questionId] };
}
