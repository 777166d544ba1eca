// Quiz use cases: start a session for a lesson or a track, and record an answer exactly once.
import type { LessonRef } from '../content/catalog.ts';
import { UserError } from '../errors.ts';
import { activityThread, loadLearnerState, staleToken, updateLearnerState, withUsed, type LearnerState, type QuizSession } from '../threads.ts';
import { newToken } from '../tokens.ts';
import type { Effect } from '../ports.ts';
import { DONE_QUIZ_SHARE } from '../progress/index.ts';
import { message, text, type ConvRef } from '../messages.ts';
import type { Catalog } from '../content/catalog.ts';
import type { Turn } from '../turn.ts';
import { lessonFromArgument } from '../lessons/index.ts';
import { pickQuestions, requeue } from './pick.ts';
import { parseAnswerValue, renderAnswered, renderFeedback, renderQuestion, renderSummary, type QuizSummary } from './render.ts';

/** A lesson counts as shown by a quiz session only after this many of its questions (or all it has). */
const SHOWN_MIN_QUESTIONS = 3;

interface Scope {
  id: string;
  title: string;
  trackId: string;
  lessonId?: string;
  questionIds: string[];
}

export async function startQuiz(turn: Turn, scopeArg: string | undefined): Promise<void> {
  const { store, clock } = turn.deps;
  const scope = await resolveScope(turn, scopeArg);
  const attempts = await store.attempts.quizAttempts(turn.learner.id);
  const queue = pickQuestions(scope.questionIds, attempts);
  if (queue.length === 0) throw new UserError('noQuestions', { scope: scope.title });

  const session: QuizSession = {
    sessionId: `${turn.learner.id}-${clock.now().getTime()}`,
    scope: scope.title,
    queue,
    pending: null,
    retried: [],
    asked: 0,
    right: 0,
    total: queue.length,
    firstTimeAsked: 0,
    byLesson: {},
  };
  const intro = message([text(`**Quiz · ${scope.title}** — ${queue.length} questions, weakest first.`)], `Quiz: ${scope.title}`);
  const { conv, opened } = await activityThread(turn, `Quiz · ${scope.title}`, intro, { trackId: scope.trackId, ...(scope.lessonId ? { lessonId: scope.lessonId } : {}) });
  if (!opened) await turn.respond(intro);
  const asked = await updateLearnerState(store, conv, turn.learner.id, (current) => {
    const { state, token } = advance({ ...current, displayName: turn.learner.displayName }, session, turn.deps.catalog);
    if (!token) throw new UserError('noQuestions', { scope: scope.title });
    return { state, result: { session: state.quiz!, token } };
  });
  await askPending(turn, conv, asked.session, asked.token);
}

export async function answerQuiz(turn: Turn, value: string): Promise<void> {
  const { store, catalog, clock } = turn.deps;
  const parsed = parseAnswerValue(value);
  if (!parsed) throw new UserError('outdatedButton');
  if (parsed.owner && parsed.owner !== turn.learner.id) await refuseOthersQuestion(turn, parsed.owner, parsed.token);
  const now = clock.now();
  const outcome = await updateLearnerState(store, turn.conv, turn.learner.id, (state) => {
    const session = state?.quiz;
    if (!state || !session?.pending || session.pending.token !== parsed.token) throw notMine(turn, state, parsed.token);
    const found = catalog.question(session.pending.questionId);
    const option = found?.question.options.find((o) => o.id === parsed.optionId);
    if (!found || !option) throw new UserError('outdatedButton');
    const { question, lesson } = found;
    // Before requeue: a question already in `retried` is being answered for the second time.
    const retry = isRetry(session, question.id);
    const { queue, retried } = requeue(session.queue, session.retried, question.id, option.correct);
    const right = option.correct ? 1 : 0;
    const tally = session.byLesson?.[lesson.id] ?? { right: 0, asked: 0 };
    const answered: QuizSession = {
      ...session,
      queue,
      retried,
      pending: null,
      asked: session.asked + 1,
      right: session.right + right,
      ...(retry
        ? { retryAsked: (session.retryAsked ?? 0) + 1, retryRight: (session.retryRight ?? 0) + right }
        : { byLesson: { ...session.byLesson, [lesson.id]: { right: tally.right + right, asked: tally.asked + 1 } } }),
    };
    const { state: next, token } = advance(withUsed(state, parsed.token), answered, catalog);
    const attempt = {
      learnerId: turn.learner.id,
      questionId: question.id,
      lessonId: lesson.id,
      topic: question.topic,
      chosen: option.id,
      correct: option.correct,
      sessionId: session.sessionId,
      answeredAt: now,
    };
    return {
      state: next,
      effects: [{ kind: 'quizAttempt', attempt }, ...(token ? [] : shownLessons(answered, catalog, turn.learner.id, now))],
      result: { question, chosen: option.id, answered, next: token ? { session: next.quiz!, token } : undefined },
    };
  }, turn.mine);
  await turn.updatePressed(renderAnswered(outcome.question, outcome.chosen));
  await turn.respond(renderFeedback(outcome.question, outcome.chosen));
  if (outcome.next) await askPending(turn, turn.conv, outcome.next.session, outcome.next.token);
  else await turn.respond(renderSummary(summaryOf(outcome.answered)));
}

/**
 * Moves the next queued question into `pending` with a fresh token; no token when the session is over.
 * Questions removed from the content since the session started are skipped.
 */
function advance(state: LearnerState, session: QuizSession, catalog: Catalog): { state: LearnerState; token: string | undefined } {
  const queue = session.queue.filter((id) => catalog.question(id) !== undefined);
  const [nextId, ...rest] = queue;
  if (!nextId) {
    const { quiz: _finished, ...withoutQuiz } = state;
    return { state: withoutQuiz, token: undefined };
  }
  const token = newToken();
  const firstTimeAsked = (session.firstTimeAsked ?? session.asked) + (isRetry(session, nextId) ? 0 : 1);
  return { state: { ...state, quiz: { ...session, firstTimeAsked, queue: rest, pending: { questionId: nextId, token } } }, token };
}

/** `retried` holds questions answered wrong once this session: asked again, they are the retry. */
function isRetry(session: QuizSession, questionId: string): boolean {
  return session.retried.includes(questionId);
}

/**
 * At the end of a session: the lessons it showed the learner knows. One lucky answer shows nothing: the
 * session must have asked at least SHOWN_MIN_QUESTIONS of the lesson's questions (all of them when it has
 * fewer) for the first time, with DONE_QUIZ_SHARE of those right. Retries do not count: the feedback has
 * just told the answer.
 */
function shownLessons(session: QuizSession, catalog: Catalog, learnerId: string, at: Date): Effect[] {
  return Object.entries(session.byLesson ?? {})
    .filter(([lessonId, t]) => {
      const questions = catalog.lesson(lessonId)?.lesson.quiz.length ?? 0;
      return questions > 0 && t.asked >= Math.min(SHOWN_MIN_QUESTIONS, questions) && t.right / t.asked >= DONE_QUIZ_SHARE;
    })
    .map(([lessonId]) => ({ kind: 'lessonCompleted', learnerId, lessonId, at }));
}

/** First-time results over the announced total, retries apart, so the total never grows. */
function summaryOf(session: QuizSession): QuizSummary {
  const retryAsked = session.retryAsked ?? 0;
  const retryRight = session.retryRight ?? 0;
  const firstAsked = session.asked - retryAsked;
  return { scope: session.scope, right: session.right - retryRight, total: session.total ?? firstAsked, retryAsked, retryRight };
}

/**
 * A press whose token is not this learner's pending question: a second press of one they answered, a
 * question from another learner's quiz in a shared thread, or an old message.
 */
function notMine(turn: Turn, state: LearnerState | undefined, token: string): UserError {
  const error = staleToken(state, token);
  if (error.id === 'alreadyDone' || state?.quiz) return error;
  const owner = turn.thread.state?.learnerId;
  return owner && owner !== turn.learner.id ? new UserError('outdatedButton', { reason: 'notYours' }) : error;
}

/**
 * Another learner's question (in a shared thread, or their own quiz thread): told whose it is, nothing
 * recorded. Named only when that learner's state here really issued the token, so a forged owner names no
 * one; otherwise the press goes on and is judged like any press that is not the presser's.
 */
async function refuseOthersQuestion(turn: Turn, owner: string, token: string): Promise<void> {
  const theirs = (await loadLearnerState(turn.deps.store, turn.conv, owner)).state;
  if (theirs?.quiz?.pending?.token !== token && !theirs?.used?.includes(token)) return;
  throw new UserError('othersQuestion', { name: theirs.displayName ?? 'another learner' });
}

async function askPending(turn: Turn, conv: ConvRef, session: QuizSession, token: string): Promise<void> {
  const questionId = session.pending!.questionId;
  const found = turn.deps.catalog.question(questionId)!;
  const total = session.total ?? session.asked + 1 + session.queue.length;
  const position = isRetry(session, questionId) ? { retry: true as const } : { number: session.firstTimeAsked ?? session.asked + 1, total };
  const shared = conv.threadId === turn.conv.threadId && turn.thread.state !== undefined && turn.thread.state.learnerId !== turn.learner.id;
  await turn.post(conv, renderQuestion(found.question, token, position, turn.learner.id, shared ? turn.learner.displayName : undefined));
}

async function resolveScope(turn: Turn, arg: string | undefined): Promise<Scope> {
  const { catalog, store } = turn.deps;
  const track = arg ? catalog.track(arg.toLowerCase()) : undefined;
  if (track) {
    const enrollment = (await store.progress.enrollments(turn.learner.id)).find((e) => e.trackId === track.id);
    // A track quiz covers the steps the learner has reached, at least the first written lesson.
    const reached = Math.max(enrollment?.currentStep ?? 1, 1);
    const lessons = track.steps
      .map((_, i) => catalog.lessonAt(track.id, i + 1))
      .filter((ref): ref is LessonRef => ref !== undefined);
    const inReach = lessons.filter((ref) => ref.lesson.step <= reached);
    const pool = inReach.length > 0 ? inReach : lessons.slice(0, 1);
    return { id: track.id, title: track.title, trackId: track.id, questionIds: pool.flatMap((ref) => ref.lesson.quiz.map((q) => q.id)) };
  }
  const ref = await lessonFromArgument(turn, arg);
  return { id: ref.lesson.id, title: ref.lesson.title, trackId: ref.track.id, lessonId: ref.lesson.id, questionIds: ref.lesson.quiz.map((q) => q.id) };
}
