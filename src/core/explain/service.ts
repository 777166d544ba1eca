// Explain-in-30-seconds: post the prompt and start the clock; the learner's next message in that thread
// is the answer, graded and recorded once.
import { UserError } from '../errors.ts';
import type { ConvRef } from '../messages.ts';
import { loadThread, saveThread } from '../threads.ts';
import type { Turn } from '../turn.ts';
import { currentLesson, lessonByArgument } from '../lessons/current.ts';
import { countWords, gradeExplanation } from './grade.ts';
import { renderGrade, renderPrompt } from './render.ts';

export async function startExplain(turn: Turn, lessonArg: string | undefined): Promise<void> {
  const { store, clock } = turn.deps;
  const { track, lesson } = lessonArg ? await lessonByArgument(turn, lessonArg) : await currentLesson(turn);
  const prompt = renderPrompt(lesson, lesson.explain);
  const inOwnThread = turn.conv.threadId !== undefined && turn.thread.state?.learnerId === turn.learner.id;
  let conv: ConvRef = turn.conv;
  if (inOwnThread) await turn.reply(prompt);
  else conv = await turn.openThread(`Explain · ${lesson.title}`, prompt);
  // The clock starts once the prompt is visible, not when the command arrived.
  const postedAt = clock.now().toISOString();
  const thread = inOwnThread ? turn.thread : await loadThread(store, conv);
  const base = thread.state ?? { learnerId: turn.learner.id, trackId: track.id, lessonId: lesson.id };
  if (!(await saveThread(store, thread, { ...base, explain: { lessonId: lesson.id, promptId: lesson.explain.id, postedAt } }))) {
    throw new UserError('alreadyDone');
  }
}

/** True when the message was an explain answer (and has been graded). */
export async function answerExplain(turn: Turn, answer: string): Promise<boolean> {
  const { store, catalog, clock } = turn.deps;
  const state = turn.thread.state;
  const open = state?.explain;
  if (!state || !open || state.learnerId !== turn.learner.id) return false;
  const ref = catalog.lesson(open.lessonId);
  if (!ref) return false;
  const now = clock.now();
  const seconds = Math.max(0, (now.getTime() - Date.parse(open.postedAt)) / 1000);
  const grade = gradeExplanation(ref.lesson.explain, answer, seconds);
  const { explain: _answered, ...rest } = state;
  const attempt = {
    learnerId: turn.learner.id,
    lessonId: ref.lesson.id,
    text: answer,
    seconds,
    words: countWords(answer),
    late: grade.late,
    score: grade.score,
    points: grade.points.map((p) => ({ id: p.id, hit: p.hit })),
    answeredAt: now,
  };
  const saved = await store.threads.commit(turn.thread.key, rest, turn.thread.version!, [
    { kind: 'explainAttempt', attempt },
    { kind: 'lessonCompleted', learnerId: turn.learner.id, lessonId: ref.lesson.id, at: now },
  ]);
  if (!saved) throw new UserError('alreadyDone');
  await turn.reply(renderGrade(grade));
  return true;
}
