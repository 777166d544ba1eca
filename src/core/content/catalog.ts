// An immutable, indexed snapshot of the imported content. Built once after import; features read it
// synchronously, so answering a quiz never waits on the database for content.
import { UserError } from '../errors.ts';
import type { Lesson, QuizQuestion, Track } from './model.ts';

export interface LessonRef {
  track: Track;
  lesson: Lesson;
}

export interface Catalog {
  tracks(): readonly Track[];
  track(id: string): Track | undefined;
  lesson(id: string): LessonRef | undefined;
  /** The lesson at a 1-based step, or undefined when the step is listed but not written yet. */
  lessonAt(trackId: string, step: number): LessonRef | undefined;
  question(id: string): { question: QuizQuestion; lesson: Lesson } | undefined;
  defaultTrack(): Track;
}

export function createCatalog(
  tracks: readonly Track[],
  lessons: readonly { trackId: string; lesson: Lesson }[],
  defaultTrackId?: string,
): Catalog {
  if (tracks.length === 0) throw new Error('the catalog needs at least one track');
  const trackById = new Map(tracks.map((t) => [t.id, t]));
  const lessonById = new Map<string, LessonRef>();
  const questionById = new Map<string, { question: QuizQuestion; lesson: Lesson }>();
  for (const { trackId, lesson } of lessons) {
    const track = trackById.get(trackId);
    if (!track) continue;
    lessonById.set(lesson.id, { track, lesson });
    for (const question of lesson.quiz) questionById.set(question.id, { question, lesson });
  }
  const firstTrack = (defaultTrackId ? trackById.get(defaultTrackId) : undefined) ?? tracks[0]!;
  return {
    tracks: () => tracks,
    track: (id) => trackById.get(id),
    lesson: (id) => lessonById.get(id),
    lessonAt(trackId, step) {
      const stepRef = trackById.get(trackId)?.steps[step - 1];
      return stepRef ? lessonById.get(stepRef.id) : undefined;
    },
    question: (id) => questionById.get(id),
    defaultTrack: () => firstTrack,
  };
}

/** Resolves a learner-typed track id, failing with the valid choices. */
export function requireTrack(catalog: Catalog, id: string): Track {
  const track = catalog.track(id.toLowerCase());
  if (!track) throw new UserError('unknownTrack', { track: id, choices: catalog.tracks().map((t) => t.id).join(', ') });
  return track;
}

/** Resolves a step of a track, failing with the valid range or the list of written steps. */
export function requireLessonAt(catalog: Catalog, track: Track, step: number): LessonRef {
  if (!Number.isInteger(step) || step < 1 || step > track.steps.length) {
    throw new UserError('unknownStep', { track: track.id, step: String(step), choices: `1-${track.steps.length}` });
  }
  const ref = catalog.lessonAt(track.id, step);
  if (!ref) {
    const written = track.steps.map((_, i) => i + 1).filter((n) => catalog.lessonAt(track.id, n));
    throw new UserError('lessonNotWritten', { track: track.id, step: String(step), title: track.steps[step - 1]!.title, choices: written.join(', ') });
  }
  return ref;
}
