// Explain-in-30-seconds: post the prompt and start the clock; the learner's next message in that thread
// is the answer, graded and recorded once.
import { UserError } from '../errors.ts';
import { activityThread, updateLearnerState } from '../threads.ts';
import type { Turn } from '../turn.ts';
import { currentLesson, lessonByArgument } from '../lessons/current.ts';
import { countWords, gradeExplanation } from './grade.ts';
import { renderGrade, renderPrompt } from './render.ts';
import { DONE_EXPLAIN_SCORE } from '../progress/index.ts';

export async function startExplain(turn: Turn, lessonArg: string | undefined): Promise<void> {
  const { store, clock } = turn.deps;
  const { track, lesson } = lessonArg ? await lessonByArgument(turn, lessonArg) : await currentLesson(turn);
  const conv = await activityThread(turn, `Explain · ${lesson.title}`, renderPrompt(lesson, lesson.explain), { trackId: track.id, lessonId: lesson.id });
  // The clock starts once the prompt is visible, not when the command arrived.
  const postedAt = clock.now().toISOString();
  await updateLearnerState(store, conv, turn.learner.id, (state) => ({
    state: { ...state, explain: { lessonId: lesson.id, promptId: lesson.explain.id, postedAt } },
    result: undefined,
  }));
}

/** True when the message was an explain answer (and has been graded). */
export async function answerExplain(turn: Turn, answer: string): Promise<boolean> {
  const { store, catalog, clock } = turn.deps;
  const open = turn.mine.state?.explain;
  if (!open || !catalog.lesson(open.lessonId)) return false;
  const now = clock.now();
  const grade = await updateLearnerState(store, turn.conv, turn.learner.id, (state) => {
    // Graded against the prompt still open now: a concurrent answer may have closed it a moment ago.
    const current = state?.explain;
    const ref = current ? catalog.lesson(current.lessonId) : undefined;
    if (!state || !current || !ref) throw new UserError('alreadyDone');
    const seconds = Math.max(0, (now.getTime() - Date.parse(current.postedAt)) / 1000);
    const result = gradeExplanation(ref.lesson.explain, answer, seconds);
    const { explain: _answered, ...rest } = state;
    const attempt = {
      learnerId: turn.learner.id,
      lessonId: ref.lesson.id,
      text: answer,
      seconds,
      words: countWords(answer),
      late: result.late,
      score: result.score,
      points: result.points.map((p) => ({ id: p.id, hit: p.hit })),
      answeredAt: now,
    };
    return {
      state: rest,
      effects: [
        { kind: 'explainAttempt', attempt },
        ...(result.score >= DONE_EXPLAIN_SCORE ? [{ kind: 'lessonCompleted' as const, learnerId: turn.learner.id, lessonId: ref.lesson.id, at: now }] : []),
      ],
      result,
    };
  });
  await turn.respond(renderGrade(grade));
  return true;
}
