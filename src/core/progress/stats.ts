// Progress maths: per-track step and completion, quiz accuracy, explain average, confidence against
// quiz accuracy (calibration) and the weakest topics. Pure: inputs are plain records.
import type { Catalog } from '../content/catalog.ts';
import type { EnrollmentRecord, ExerciseCompletionRecord, ExplainAttemptRecord, LessonProgressRecord, QuizAttemptRecord } from '../ports.ts';
import { percent } from './maths.ts';

export interface Accuracy {
  right: number;
  total: number;
  /** 0..100, or null with no attempts */
  percent: number | null;
}

export type Calibration = 'calibrated' | 'overconfident' | 'underconfident' | 'unknown';

export interface LessonConfidence {
  lessonId: string;
  step: number;
  title: string;
  confidence: number;
  quiz: Accuracy;
  calibration: Calibration;
}

export interface TrackProgress {
  trackId: string;
  title: string;
  step: number;
  total: number;
  /** Lessons done over lessons in the track. */
  percent: number;
  /** Shown: enough right in a quiz session, or a good explain score. */
  lessonsDone: number;
  /** Opened at least once, done or not. */
  lessonsRead: number;
  quiz: Accuracy;
  explainAverage: number | null;
  explainCount: number;
  /** Hands-on exercises solved, of those in the track's written lessons. */
  exercises: { done: number; total: number };
  confidence: LessonConfidence[];
}

export interface TopicStat extends Accuracy {
  topic: string;
}

export interface ProgressReport {
  tracks: TrackProgress[];
  weakestTopics: TopicStat[];
}

export function accuracy(attempts: readonly QuizAttemptRecord[]): Accuracy {
  const right = attempts.filter((a) => a.correct).length;
  return { right, total: attempts.length, percent: attempts.length ? percent(right, attempts.length) : null };
}

/** Confidence 4-5 with under 60% right is overconfident; 1-2 with 80%+ right is underconfident. */
export function calibrate(confidence: number, quiz: Accuracy): Calibration {
  if (quiz.percent === null) return 'unknown';
  if (confidence >= 4 && quiz.percent < 60) return 'overconfident';
  if (confidence <= 2 && quiz.percent >= 80) return 'underconfident';
  return 'calibrated';
}

export function weakestTopics(attempts: readonly QuizAttemptRecord[], limit = 3): TopicStat[] {
  const byTopic = new Map<string, QuizAttemptRecord[]>();
  for (const a of attempts) byTopic.set(a.topic, [...(byTopic.get(a.topic) ?? []), a]);
  return [...byTopic.entries()]
    .map(([topic, list]) => ({ topic, ...accuracy(list) }))
    .filter((t) => t.right < t.total)
    .sort((a, b) => (a.percent ?? 0) - (b.percent ?? 0) || b.total - a.total || a.topic.localeCompare(b.topic))
    .slice(0, limit);
}

export function computeProgress(
  catalog: Catalog,
  enrollments: readonly EnrollmentRecord[],
  lessons: readonly LessonProgressRecord[],
  quizAttempts: readonly QuizAttemptRecord[],
  explainAttempts: readonly ExplainAttemptRecord[],
  exerciseCompletions: readonly ExerciseCompletionRecord[] = [],
): ProgressReport {
  // A track shows once the learner has done anything in it, even a quiz without opening a lesson.
  const active = new Map(enrollments.map((e) => [e.trackId, e.currentStep]));
  for (const { lessonId } of [...lessons, ...quizAttempts, ...explainAttempts, ...exerciseCompletions]) {
    const trackId = catalog.lesson(lessonId)?.track.id;
    if (trackId && !active.has(trackId)) active.set(trackId, 0);
  }
  const tracks = [...active].flatMap(([trackId, currentStep]): TrackProgress[] => {
    const track = catalog.track(trackId);
    if (!track) return [];
    const lessonIds = new Set(track.steps.map((s) => s.id));
    const inTrack = <T extends { lessonId: string }>(list: readonly T[]) => list.filter((r) => lessonIds.has(r.lessonId));
    const quiz = inTrack(quizAttempts);
    const explains = inTrack(explainAttempts);
    const confidence = inTrack(lessons)
      .filter((l): l is LessonProgressRecord & { confidence: number } => l.confidence !== null)
      .map((l) => {
        const stepIndex = track.steps.findIndex((s) => s.id === l.lessonId);
        const lessonQuiz = accuracy(quiz.filter((a) => a.lessonId === l.lessonId));
        return { lessonId: l.lessonId, step: stepIndex + 1, title: track.steps[stepIndex]!.title, confidence: l.confidence, quiz: lessonQuiz, calibration: calibrate(l.confidence, lessonQuiz) };
      })
      .sort((a, b) => a.step - b.step);
    const lessonsDone = inTrack(lessons).filter((l) => l.status === 'completed').length;
    return [
      {
        trackId: track.id,
        title: track.title,
        step: currentStep,
        total: track.steps.length,
        percent: percent(lessonsDone, track.steps.length),
        lessonsDone,
        lessonsRead: inTrack(lessons).length,
        quiz: accuracy(quiz),
        explainAverage: explains.length ? Math.round(explains.reduce((sum, e) => sum + e.score, 0) / explains.length) : null,
        explainCount: explains.length,
        exercises: {
          done: inTrack(exerciseCompletions).length,
          total: track.steps.reduce((sum, _, i) => sum + (catalog.lessonAt(track.id, i + 1)?.lesson.exercises.length ?? 0), 0),
        },
        confidence,
      },
    ];
  });
  return { tracks, weakestTopics: weakestTopics(quizAttempts) };
}
