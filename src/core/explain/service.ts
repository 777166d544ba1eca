// Explain-in-30-seconds. Where the platform has forms, the prompt's button (or the lesson's "Explain in
// 30s") opens a form and the clock starts as it opens; elsewhere (the terminal) the clock starts when the
// prompt is posted and the learner's next message in the thread is the answer. Either way the open prompt
// is saved before it is shown, graded and recorded once, and expires at ten times its time budget.
import type { Lesson } from '../content/model.ts';
import { UserError } from '../errors.ts';
import { message, text } from '../messages.ts';
import { activityThread, learnerKey, loadLearnerState, updateLearnerState, type ExplainSession } from '../threads.ts';
import { createKeyedQueue, type KeyedQueue } from '../keyed-queue.ts';
import { baseStore } from '../delivery.ts';
import type { Turn } from '../turn.ts';
import type { ExplainJudge, Store } from '../ports.ts';
import { lessonFromArgument } from '../lessons/index.ts';
import { DONE_EXPLAIN_SCORE } from '../progress/index.ts';
import { ANSWER_MAX_LENGTH, parseExplainFormId } from './form.ts';
import { countWords, gradeExplanation } from './grade.ts';
import { combineGrades, judgeAnswer } from './judge.ts';
import { renderGrade, renderPrompt } from './render.ts';

/** The prompt's "Answer" button, which opens the form where there are forms. */
export const EXPLAIN_ACTION = 'explain';
/** After this many times its time budget an open prompt is over: later messages are ordinary chat. */
const EXPIRES_AFTER_BUDGETS = 10;

export async function startExplain(turn: Turn, lessonArg: string | undefined): Promise<void> {
  const { track, lesson } = await lessonFromArgument(turn, lessonArg);
  const title = `Explain · ${lesson.title}`;
  const { conv, opened } = await activityThread(turn, title, message([text(`**${title}**`)]), { trackId: track.id, lessonId: lesson.id });
  const forms = turn.adapterLimits.forms;
  // Saved before the prompt shows, so an answer typed the moment it appears is never missed.
  if (!forms) await openPrompt(turn, conv, lesson);
  const prompt = renderPrompt(lesson, lesson.explain, forms ? { actionId: EXPLAIN_ACTION, value: lesson.id } : undefined);
  if (opened) await turn.post(conv, prompt);
  else await turn.respond(prompt);
}

/** The click that opened the explain form: the clock starts now. */
export async function openExplainForm(turn: Turn, lessonId: string): Promise<void> {
  const ref = turn.deps.catalog.lesson(lessonId);
  if (!ref) throw new UserError('outdatedButton');
  await openPrompt(turn, turn.conv, ref.lesson);
}

/** True when the message was an explain answer (and has been graded). A message with code never is. */
export async function answerExplain(turn: Turn, answer: string): Promise<boolean> {
  const open = turn.mine.state?.explain;
  if (!open || answer.includes('```') || isExpired(turn, open)) return false;
  return grade(turn, answer, 'thread');
}

export async function submitExplain(turn: Turn, formId: string, values: Record<string, string>): Promise<void> {
  const lessonId = parseExplainFormId(formId);
  const answer = values.answer ?? '';
  if (!lessonId || answer.trim() === '') throw new UserError('badForm', { reason: 'the explanation was empty' });
  if (answer.length > ANSWER_MAX_LENGTH) throw new UserError('badForm', { reason: `it is longer than ${ANSWER_MAX_LENGTH} characters` });
  const open = turn.mine.state?.explain;
  if (!open || open.lessonId !== lessonId || isExpired(turn, open)) throw new UserError('explainExpired');
  await grade(turn, answer, 'private');
}

async function openPrompt(turn: Turn, conv: Turn['conv'], lesson: Lesson): Promise<void> {
  const postedAt = turn.deps.clock.now().toISOString();
  await updateLearnerState(turn.deps.store, conv, turn.learner.id, (state) => ({
    state: { ...state, explain: { lessonId: lesson.id, promptId: lesson.explain.id, postedAt } },
    result: undefined,
  }));
}

function isExpired(turn: Turn, open: ExplainSession): boolean {
  const budget = turn.deps.catalog.lesson(open.lessonId)?.lesson.explain.seconds;
  if (budget === undefined) return true;
  return turn.deps.clock.now().getTime() - Date.parse(open.postedAt) > budget * EXPIRES_AFTER_BUDGETS * 1000;
}

// One answer per learner and conversation is graded at a time, in arrival order: the model grader may take
// seconds, and a message sent meanwhile must find the prompt answered rather than race the answer.
const gradingQueues = new WeakMap<Store, KeyedQueue>();

/** False when an earlier message answered the prompt first: this one is ordinary chat. */
function grade(turn: Turn, answer: string, visibility: 'thread' | 'private'): Promise<boolean> {
  const store = turn.deps.store;
  // Keyed by the store itself, not this delivery's view of it (delivery.ts), so every event shares the queue.
  let queue = gradingQueues.get(baseStore(store));
  if (!queue) gradingQueues.set(baseStore(store), (queue = createKeyedQueue()));
  const now = turn.deps.clock.now();
  return queue.run(learnerKey(turn.conv, turn.learner.id), async () => {
    const open = (await loadLearnerState(store, turn.conv, turn.learner.id)).state?.explain;
    if (!open && visibility === 'thread') return false;
    await gradeOpen(turn, answer, visibility, now, open);
    return true;
  });
}

async function gradeOpen(turn: Turn, answer: string, visibility: 'thread' | 'private', now: Date, open: ExplainSession | undefined): Promise<void> {
  const { store, catalog, judge } = turn.deps;
  // The model grades before the state is touched (it may take seconds; the time taken is not the learner's).
  const judged = judge && open ? await judgeOpenPrompt(turn, judge, open, answer) : undefined;
  const result = await updateLearnerState(store, turn.conv, turn.learner.id, (state) => {
    // Graded against the prompt still open now: a concurrent answer may have closed it a moment ago.
    const current = state?.explain;
    const ref = current ? catalog.lesson(current.lessonId) : undefined;
    if (!state || !current || !ref) throw new UserError('alreadyDone');
    const seconds = Math.max(0, (now.getTime() - Date.parse(current.postedAt)) / 1000);
    const ruleGrade = gradeExplanation(ref.lesson.explain, answer, seconds);
    const graded = judge ? combineGrades(ruleGrade, judged?.promptId === current.promptId ? judged.points : undefined) : ruleGrade;
    const { explain: _answered, ...rest } = state;
    const attempt = {
      learnerId: turn.learner.id,
      lessonId: ref.lesson.id,
      text: answer,
      seconds,
      words: countWords(answer),
      late: graded.late,
      score: graded.score,
      points: graded.points.map((p) => ({ id: p.id, hit: p.hit })),
      answeredAt: now,
    };
    return {
      state: rest,
      effects: [
        { kind: 'explainAttempt', attempt },
        ...(graded.score >= DONE_EXPLAIN_SCORE ? [{ kind: 'lessonCompleted' as const, learnerId: turn.learner.id, lessonId: ref.lesson.id, at: now }] : []),
      ],
      result: graded,
    };
  });
  const reply = renderGrade(result);
  await turn.respond(visibility === 'private' ? { ...reply, visibility } : reply);
}

async function judgeOpenPrompt(turn: Turn, judge: ExplainJudge, open: ExplainSession, answer: string) {
  const prompt = turn.deps.catalog.lesson(open.lessonId)?.lesson.explain;
  if (!prompt) return undefined;
  const points = await judgeAnswer(judge, prompt, answer, turn.deps.logger);
  return points && { promptId: prompt.id, points };
}
