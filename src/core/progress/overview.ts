// Where a person stands, for a dashboard shown outside any conversation (Slack's App Home): the same
// progress report as `/progress`, and the lesson to continue with. Reads only, through the core's ports.
import type { Catalog } from '../content/catalog.ts';
import type { UserRef } from '../messages.ts';
import type { EnrollmentRecord, LessonProgressRecord, Store } from '../ports.ts';
import { computeProgress, type ProgressReport } from './stats.ts';

export interface NextLesson {
  trackId: string;
  trackTitle: string;
  step: number;
  total: number;
  title: string;
}

export interface LearnerOverview {
  displayName: string;
  report: ProgressReport;
  /** The written lesson to open next; undefined when every step of the track is done and none follows. */
  next: NextLesson | undefined;
}

export async function learnerOverview(deps: { store: Store; catalog: Catalog }, user: UserRef): Promise<LearnerOverview> {
  const { store, catalog } = deps;
  const learner = await store.learners.resolve(user);
  const [enrollments, lessons, quiz, explains, exercises] = await Promise.all([
    store.progress.enrollments(learner.id),
    store.progress.lessonProgress(learner.id),
    store.attempts.quizAttempts(learner.id),
    store.attempts.explainAttempts(learner.id),
    store.progress.exerciseCompletions(learner.id),
  ]);
  return {
    displayName: learner.displayName,
    report: computeProgress(catalog, enrollments, lessons, quiz, explains, exercises),
    next: nextLesson(catalog, enrollments[0], lessons),
  };
}

/**
 * The first written step not done yet from the step the learner is on in the track used last (a
 * newcomer: the default track's first step); with all of them done, the step they are on, to revisit.
 */
export function nextLesson(catalog: Catalog, latest: EnrollmentRecord | undefined, lessons: readonly LessonProgressRecord[]): NextLesson | undefined {
  const known = latest ? catalog.track(latest.trackId) : undefined;
  const track = known ?? catalog.defaultTrack();
  const from = known && latest ? Math.max(1, latest.currentStep) : 1;
  const done = new Set(lessons.filter((l) => l.status === 'completed').map((l) => l.lessonId));
  const at = (step: number): NextLesson | undefined => {
    const ref = catalog.lessonAt(track.id, step);
    return ref && { trackId: track.id, trackTitle: track.title, step, total: track.steps.length, title: ref.lesson.title };
  };
  for (let step = from; step <= track.steps.length; step++) {
    const next = at(step);
    if (next && !done.has(track.steps[step - 1]!.id)) return next;
  }
  return at(from);
}
