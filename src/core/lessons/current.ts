// Which lesson a learner means when they do not say: the lesson of the thread they are in, else the step
// they are on in the track they used last.
import { UserError } from '../errors.ts';
import type { LessonRef } from '../content/catalog.ts';
import type { Turn } from '../turn.ts';

export async function currentLesson(turn: Turn): Promise<LessonRef> {
  const { catalog } = turn.deps;
  const fromThread = turn.thread.state?.lessonId ? catalog.lesson(turn.thread.state.lessonId) : undefined;
  if (fromThread) return fromThread;
  const latest = await latestEnrollment(turn);
  // Someone brand new starts at the first written lesson of the default track instead of being refused.
  const track = latest ? catalog.track(latest.trackId) : catalog.defaultTrack();
  const step = latest?.currentStep ?? firstWrittenStep(turn, track?.id);
  const ref = track && step ? catalog.lessonAt(track.id, step) : undefined;
  if (!ref) throw new UserError('noLessonYet');
  return ref;
}

/** The lesson the argument names, or the current one when there is none. */
export function lessonFromArgument(turn: Turn, arg: string | undefined): Promise<LessonRef> {
  return arg ? lessonByArgument(turn, arg) : currentLesson(turn);
}

/** A lesson named by id, or by step number in the current track. */
export async function lessonByArgument(turn: Turn, arg: string): Promise<LessonRef> {
  const { catalog } = turn.deps;
  const byId = catalog.lesson(arg.toLowerCase());
  if (byId) return byId;
  if (/^\d+$/.test(arg)) {
    const track = await currentTrackId(turn);
    const ref = catalog.lessonAt(track, Number(arg));
    if (ref) return ref;
  }
  throw new UserError('unknownLesson', { lesson: arg });
}

export async function currentTrackId(turn: Turn): Promise<string> {
  const { catalog } = turn.deps;
  if (turn.thread.state?.trackId) return turn.thread.state.trackId;
  return (await latestEnrollment(turn))?.trackId ?? catalog.defaultTrack().id;
}

function firstWrittenStep(turn: Turn, trackId: string | undefined): number | undefined {
  const { catalog } = turn.deps;
  const track = trackId ? catalog.track(trackId) : undefined;
  const index = track ? track.steps.findIndex((_, i) => catalog.lessonAt(track.id, i + 1) !== undefined) : -1;
  return index >= 0 ? index + 1 : undefined;
}

/** The track the learner used last (enrollments come newest first). */
async function latestEnrollment(turn: Turn) {
  return (await turn.deps.store.progress.enrollments(turn.learner.id))[0];
}
