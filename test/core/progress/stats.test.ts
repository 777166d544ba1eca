import { describe, expect, it } from 'vitest';
import { accuracy, calibrate, computeProgress, percent, stepLabel, weakestTopics } from '../../../src/core/progress/index.ts';
import { createCatalog } from '../../../src/core/content/catalog.ts';
import type { QuizAttemptRecord } from '../../../src/core/ports.ts';
import { lesson } from '../../helpers/content.ts';
import type { Lesson } from '../../../src/core/content/model.ts';

const attempt = (questionId: string, topic: string, correct: boolean, lessonId = 'l1'): QuizAttemptRecord => ({
  learnerId: 'x',
  questionId,
  lessonId,
  topic,
  chosen: 'a',
  correct,
  sessionId: 's',
  answeredAt: new Date('2026-11-26T10:00:00Z'),
});

describe('progress maths', () => {
  it('given step 33 of 36 with 33 lessons done, labels it "step 33/36 · 92%"; the percent is lessons done', () => {
    expect(stepLabel(33, 36, 33)).toBe('step 33/36 · 92%');
    expect(stepLabel(36, 36, 0)).toBe('step 36/36 · 0%');
    expect(percent(1, 36)).toBe(3);
    expect(percent(36, 36)).toBe(100);
    expect(percent(40, 36)).toBe(100);
    expect(percent(0, 0)).toBe(0);
  });

  it('given attempts, computes accuracy and null without attempts', () => {
    expect(accuracy([attempt('q1', 't', true), attempt('q2', 't', false), attempt('q3', 't', true)])).toEqual({ right: 2, total: 3, percent: 67 });
    expect(accuracy([]).percent).toBeNull();
  });

  it('given confidence against quiz results, calls over- and underconfidence', () => {
    expect(calibrate(5, { right: 1, total: 4, percent: 25 })).toBe('overconfident');
    expect(calibrate(1, { right: 9, total: 10, percent: 90 })).toBe('underconfident');
    expect(calibrate(3, { right: 1, total: 2, percent: 50 })).toBe('calibrated');
    expect(calibrate(3, { right: 0, total: 0, percent: null })).toBe('unknown');
  });

  it('given topics, lists the three weakest and leaves out perfect ones', () => {
    const attempts = [
      attempt('1', 'orm', false), attempt('2', 'orm', false), attempt('3', 'orm', true),
      attempt('4', 'auth', false),
      attempt('5', 'csrf', true),
      attempt('6', 'cache', true), attempt('7', 'cache', false),
      attempt('8', 'urls', false), attempt('9', 'urls', true), attempt('10', 'urls', true), attempt('11', 'urls', true),
    ];
    expect(weakestTopics(attempts).map((t) => t.topic)).toEqual(['auth', 'orm', 'cache']);
  });

  it('given enrollment, progress records and attempts, builds a track report', () => {
    const l1 = lesson(1, 'l1') as unknown as Lesson;
    const l2 = lesson(2, 'l2') as unknown as Lesson;
    const track = { id: 't', title: 'T', description: 'd', level: 'all', steps: [l1, l2, { id: 'l3', title: 'L3' }].map((l) => ({ id: l.id, title: l.title, level: 'beginner' as const })) };
    const catalog = createCatalog([track], [{ trackId: 't', lesson: l1 }, { trackId: 't', lesson: l2 }]);
    const now = new Date();
    const report = computeProgress(
      catalog,
      [{ trackId: 't', currentStep: 2, updatedAt: now }],
      [
        { lessonId: 'l1', status: 'completed', confidence: 5, startedAt: now, completedAt: now },
        { lessonId: 'l2', status: 'started', confidence: null, startedAt: now, completedAt: null },
      ],
      [attempt('q', 'orm', false, 'l1'), attempt('q2', 'orm', true, 'l1'), attempt('q3', 'orm', false, 'l1')],
      [{ learnerId: 'x', lessonId: 'l1', text: '', seconds: 10, words: 0, late: false, score: 60, points: [], answeredAt: now }, { learnerId: 'x', lessonId: 'l2', text: '', seconds: 10, words: 0, late: false, score: 91, points: [], answeredAt: now }],
    );
    expect(report.tracks).toHaveLength(1);
    expect(report.tracks[0]).toMatchObject({ step: 2, total: 3, percent: 33, lessonsDone: 1, lessonsRead: 2, exercises: { done: 0, total: 0 }, quiz: { right: 1, total: 3, percent: 33 }, explainAverage: 76, explainCount: 2 });
    expect(report.tracks[0]!.confidence).toEqual([expect.objectContaining({ lessonId: 'l1', confidence: 5, calibration: 'overconfident' })]);
    expect(report.weakestTopics.map((t) => t.topic)).toEqual(['orm']);
  });
});
