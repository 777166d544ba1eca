// Lesson use cases: open a lesson in its own thread, reveal model answers, move to the next step.
import { requireLessonAt, requireTrack } from '../content/catalog.ts';
import { UserError } from '../errors.ts';
import { notice } from '../messages.ts';
import { updateLearnerState, updateThreadState } from '../threads.ts';
import { newToken } from '../tokens.ts';
import type { Turn } from '../turn.ts';
import { currentLesson, currentTrackId } from './current.ts';
import { lessonThreadTitle, renderLesson, renderModelAnswer } from './render.ts';

export interface LessonArgs {
  track?: string | undefined;
  step?: string | undefined;
}

export async function startLesson(turn: Turn, args: LessonArgs): Promise<void> {
  const { catalog, store } = turn.deps;
  // "/lesson 33" means step 33 of the current track.
  const [trackArg, stepArg] = args.track && /^\d+$/.test(args.track) && !args.step ? [undefined, args.track] : [args.track, args.step];
  const track = requireTrack(catalog, trackArg ?? (await currentTrackId(turn)));
  let step: number;
  if (stepArg !== undefined) {
    if (!/^\d+$/.test(stepArg)) throw new UserError('unknownStep', { track: track.id, step: stepArg, choices: `1-${track.steps.length}` });
    step = Number(stepArg);
  } else {
    const enrollment = (await store.progress.enrollments(turn.learner.id)).find((e) => e.trackId === track.id);
    step = enrollment?.currentStep ?? 1;
  }
  await openLesson(turn, track.id, step);
}

async function openLesson(turn: Turn, trackId: string, step: number) {
  const { catalog, store, clock } = turn.deps;
  const { track, lesson } = requireLessonAt(catalog, requireTrack(catalog, trackId), step);
  const stepIds = new Set(track.steps.map((s) => s.id));
  const done = (await store.progress.lessonProgress(turn.learner.id)).filter((p) => p.status === 'completed' && stepIds.has(p.lessonId)).length;
  const [first, ...rest] = renderLesson(track, lesson, newToken(), done);
  const thread = await turn.openThread(lessonThreadTitle(lesson), first!);
  const now = clock.now();
  const learnerId = turn.learner.id;
  await updateThreadState(store, thread, () => ({
    state: { learnerId, trackId: track.id, lessonId: lesson.id },
    effects: [
      { kind: 'stepReached', learnerId, trackId: track.id, step, at: now },
      { kind: 'lessonStarted', learnerId, lessonId: lesson.id, at: now },
    ],
    result: undefined,
  }));
  for (const msg of rest) await turn.post(thread, msg);
  return thread;
}

export async function showModelAnswer(turn: Turn, qaId: string): Promise<void> {
  const { lesson } = await currentLesson(turn);
  const answer = renderModelAnswer(lesson, qaId);
  if (!answer) throw new UserError('outdatedButton');
  await turn.respond(answer);
}

/**
 * "Next lesson": opens the presser's next step once; a second press points to the opened thread. In a
 * thread shared with others, each presser's next step follows their own progress: the step after the later
 * of the thread's lesson and the one they reached.
 */
export async function nextLesson(turn: Turn, fromLessonId: string): Promise<void> {
  const { catalog, store } = turn.deps;
  const from = catalog.lesson(fromLessonId);
  if (!from) throw new UserError('outdatedButton');
  const opened = turn.mine.state?.nextOpened;
  if (opened) {
    await turn.respond(notice(`The next lesson (${opened}) is already open in its own thread.`));
    return;
  }
  const owner = turn.thread.state?.learnerId;
  const reached = owner && owner !== turn.learner.id
    ? ((await store.progress.enrollments(turn.learner.id)).find((e) => e.trackId === from.track.id)?.currentStep ?? 0)
    : 0;
  const nextStep = Math.max(from.lesson.step, reached) + 1;
  if (nextStep > from.track.steps.length) {
    await turn.respond(notice(`That was the last step of ${from.track.title}. Try \`/progress\` or \`/quiz ${from.track.id}\`.`, 'thread'));
    return;
  }
  // Fails with the written steps before anything is claimed, so an unwritten next step can be retried later.
  requireLessonAt(catalog, from.track, nextStep);
  // Claim the button before opening, so a double click cannot open two threads.
  const learnerId = turn.learner.id;
  await updateLearnerState(store, turn.conv, learnerId, (current) => {
    if (current?.nextOpened) throw new UserError('alreadyDone');
    return { state: { ...current, nextOpened: `step ${nextStep}` }, result: undefined };
  });
  try {
    await openLesson(turn, from.track.id, nextStep);
  } catch (error) {
    await updateLearnerState(store, turn.conv, learnerId, (current) => ({ state: { ...current, nextOpened: undefined }, result: undefined }));
    throw error;
  }
}
