import { describe, expect, it } from 'vitest';
import { pickQuestions, requeue } from '../../../src/core/quiz/index.ts';
import type { QuizAttemptRecord } from '../../../src/core/ports.ts';

const at = (questionId: string, correct: boolean, minute: number): QuizAttemptRecord => ({
  learnerId: 'x', questionId, lessonId: 'l', topic: 't', chosen: 'a', correct, sessionId: 's', answeredAt: new Date(Date.UTC(2026, 10, 26, 10, minute)),
});

describe('pickQuestions', () => {
  it('given no history, keeps content order and the session length', () => {
    expect(pickQuestions(['a', 'b', 'c', 'd', 'e', 'f', 'g'], [])).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('given history, asks last-wrong first, then unseen, then right answers oldest first', () => {
    const history = [at('a', true, 1), at('b', false, 2), at('c', true, 3), at('c', false, 4), at('d', true, 0), at('e', false, 5), at('e', true, 6)];
    expect(pickQuestions(['a', 'b', 'c', 'd', 'e', 'f'], history, 6)).toEqual(['b', 'c', 'f', 'd', 'a', 'e']);
  });
});

describe('requeue', () => {
  it('given a wrong answer, brings the question back once at the end', () => {
    const once = requeue(['b'], [], 'a', false);
    expect(once).toEqual({ queue: ['b', 'a'], retried: ['a'] });
    expect(requeue(once.queue, once.retried, 'a', false)).toEqual({ queue: ['b', 'a'], retried: ['a'] });
  });

  it('given a right answer, never asks it again in the session', () => {
    expect(requeue(['b'], [], 'a', true)).toEqual({ queue: ['b'], retried: [] });
  });
});
