// Quiz use cases: start a session for a lesson or a track, and record an answer exactly once.
import type { LessonRef } from '../content/catalog.ts';
import { UserError } from '../errors.ts';
import { activityThread, staleToken, updateLearnerState, withUsed, type LearnerState, type QuizSession } from '../threads.ts';
import { newToken } from '../tokens.ts';
import type { Effect } from '../ports.ts';
import { DONE_QUIZ_SHARE } from '../progress/index.ts';
import { message, text, type ConvRef } from '../messages.ts';
import type { Catalog } from '../content/catalog.ts';
import type { Turn } from '../turn.ts';
import { lessonFromArgument } from '../lessons/index.ts';
import { pickQuestions, requeue } from './pick.ts';
import { parseAnswerValue, renderAnswered, renderFeedback, renderQuestion, renderSummary } from './render.ts';

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
    const { state, token } = advance(current ?? {}, session, turn.deps.catalog);
    if (!token) throw new UserError('noQuestions', { scope: scope.title });
    return { state, result: { session: state.quiz!, token } };
  });
  await askPending(turn, conv, asked.session, asked.token);
}

export async function answerQuiz(turn: Turn, value: string): Promise<void> {
  const { store, catalog, clock } = turn.deps;
  const parsed = parseAnswerValue(value);
  if (!parsed) throw new UserError('outdatedButton');
  const now = clock.now();
  const outcome = await updateLearnerState(store, turn.conv, turn.learner.id, (state) => {
    const session = state?.quiz;
    if (!state || !session?.pending || session.pending.token !== parsed.token) throw notMine(turn, state, parsed.token);
    const found = catalog.question(session.pending.questionId);
    const option = found?.question.options.find((o) => o.id === parsed.optionId);
    if (!found || !option) throw new UserError('outdatedButton');
    const { question, lesson } = found;
    const { queue, retried } = requeue(session.queue, session.retried, question.id, option.correct);
    const tally = session.byLesson?.[lesson.id] ?? { right: 0, asked: 0 };
    const answered: QuizSession = {
      ...session,
      queue,
      retried,
      pending: null,
      asked: session.asked + 1,
      right: session.right + (option.correct ? 1 : 0),
      byLesson: { ...session.byLesson, [lesson.id]: { right: tally.right + (option.correct ? 1 : 0), asked: tally.asked + 1 } },
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
      effects: [{ kind: 'quizAttempt', attempt }, ...(token ? [] : shownLessons(answered, turn.learner.id, now))],
      result: { question, chosen: option.id, answered, next: token ? { session: next.quiz!, token } : undefined },
    };
  }, turn.mine);
  await turn.updatePressed(renderAnswered(outcome.question, outcome.chosen));
  await turn.respond(renderFeedback(outcome.question, outcome.chosen));
  if (outcome.next) await askPending(turn, turn.conv, outcome.next.session, outcome.next.token);
  else await turn.respond(renderSummary(outcome.answered.right, outcome.answered.asked, outcome.answered.scope));
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

/** At the end of a session: the lessons it showed the learner knows (enough of their questions right). */
function shownLessons(session: QuizSession, learnerId: string, at: Date): Effect[] {
  return Object.entries(session.byLesson ?? {})
    .filter(([, t]) => t.asked > 0 && t.right / t.asked >= DONE_QUIZ_SHARE)
    .map(([lessonId]) => ({ kind: 'lessonCompleted', learnerId, lessonId, at }));
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

async function askPending(turn: Turn, conv: ConvRef, session: QuizSession, token: string): Promise<void> {
  const questionId = session.pending!.questionId;
  const found = turn.deps.catalog.question(questionId)!;
  const total = session.total ?? session.asked + 1 + session.queue.length;
  const position = isRetry(session, questionId) ? { retry: true as const } : { number: session.firstTimeAsked ?? session.asked + 1, total };
  const shared = conv.threadId === turn.conv.threadId && turn.thread.state !== undefined && turn.thread.state.learnerId !== turn.learner.id;
  await turn.post(conv, renderQuestion(found.question, token, position, shared ? turn.learner.displayName : undefined));
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
