// Conversation state that must survive a restart, in two kinds:
// - the thread's own state: which track and lesson it belongs to and who opened it;
// - each learner's state in that thread: their quiz, their explain timer, their last run.
// Keeping a learner's activity under its own key means learners in one thread never contend with each
// other. Each state has a version for optimistic concurrency; changes to one key are serialised within
// the process and retried across processes until they are saved, so no change is ever dropped.
// Unknown fields are kept (loose schemas), so an older instance running beside a newer one never erases
// what the newer one stored.
import { z } from 'zod';
import { convKey, type ConvRef, type OutboundMessage } from './messages.ts';
import type { Turn } from './turn.ts';
import { CoachError, UserError } from './errors.ts';
import type { Effect, Store } from './ports.ts';
import { createKeyedQueue, type KeyedQueue } from './keyed-queue.ts';
import { baseStore } from './delivery.ts';

const quizSessionSchema = z.looseObject({
  sessionId: z.string(),
  scope: z.string(),
  queue: z.array(z.string()),
  pending: z.looseObject({ questionId: z.string(), token: z.string() }).nullable(),
  retried: z.array(z.string()),
  asked: z.number().int(),
  right: z.number().int(),
  /** Questions in the session before retries, so "Question 2 of 5" never grows to "of 6". */
  total: z.number().int().optional(),
  /** First-time questions asked so far (a retry is not counted again). */
  firstTimeAsked: z.number().int().optional(),
  /** Retries answered and right (included in asked and right), so the summary reports them apart. */
  retryAsked: z.number().int().optional(),
  retryRight: z.number().int().optional(),
  /** First-time answers right and asked per lesson, to decide at the end which lessons the session showed. */
  byLesson: z.record(z.string(), z.looseObject({ right: z.number().int(), asked: z.number().int() })).optional(),
});

const explainSessionSchema = z.looseObject({
  lessonId: z.string(),
  promptId: z.string(),
  postedAt: z.string(),
});

export const threadStateSchema = z.looseObject({
  /** Who opened the thread (the lesson's learner). */
  learnerId: z.string(),
  trackId: z.string().optional(),
  lessonId: z.string().optional(),
});

export const learnerStateSchema = z.looseObject({
  nextOpened: z.string().optional(),
  /** The learner's name when their quiz started, so someone pressing one of its questions is told whose it is. */
  displayName: z.string().optional(),
  quiz: quizSessionSchema.optional(),
  explain: explainSessionSchema.optional(),
  /** The last message whose code ran, so its author's edit within the re-run window can be recognised. */
  lastRun: z.looseObject({ messageId: z.string(), at: z.string() }).optional(),
  rerun: z.looseObject({ token: z.string(), code: z.string() }).optional(),
  /** One-shot tokens this learner already used here, newest last, so a second press is told it was a duplicate. */
  used: z.array(z.string()).optional(),
});

export type ThreadState = z.infer<typeof threadStateSchema>;
export type LearnerState = z.infer<typeof learnerStateSchema>;
export type QuizSession = z.infer<typeof quizSessionSchema>;
export type ExplainSession = z.infer<typeof explainSessionSchema>;

export interface Stored<S> {
  key: string;
  version: number | null;
  state: S | undefined;
}

type Schema<S> = z.ZodType<S>;

export const threadKey = (conv: ConvRef): string => convKey(conv);
export const learnerKey = (conv: ConvRef, learnerId: string): string => `${convKey(conv)}|${learnerId}`;

export const loadThreadState = (store: Store, conv: ConvRef) => load(store, threadKey(conv), threadStateSchema);
export const loadLearnerState = (store: Store, conv: ConvRef, learnerId: string) => load(store, learnerKey(conv, learnerId), learnerStateSchema);

async function load<S>(store: Store, key: string, schema: Schema<S>): Promise<Stored<S>> {
  const record = await store.states.get(key);
  if (!record) return { key, version: null, state: undefined };
  return { key, version: record.version, state: validated(record.state, schema) };
}

// A store may hand out the same decoded object again while the stored state is unchanged (the SQLite store
// does); it is then validated once. What is validated is frozen, because events share it from then on.
const validatedStates = new WeakMap<object, { schema: Schema<unknown>; state: unknown }>();

function validated<S>(raw: unknown, schema: Schema<S>): S | undefined {
  const known = typeof raw === 'object' && raw !== null ? validatedStates.get(raw) : undefined;
  if (known?.schema === schema) return known.state as S | undefined;
  const parsed = schema.safeParse(raw);
  // State that no longer parses (written by a much older version) is treated as absent rather than crashing;
  // the version is kept, so the next save replaces it instead of failing as a conflict.
  const state = parsed.success ? deepFreeze(parsed.data) : undefined;
  if (typeof raw === 'object' && raw !== null) validatedStates.set(raw, { schema, state });
  return state;
}

/**
 * A state this code built and saved (from validated states, typed by the schema) needs no validation when
 * the store hands it back; frozen like every validated state, so nothing changes it after it was written.
 */
function trust<S>(state: S, schema: Schema<S>): void {
  if (typeof state === 'object' && state !== null) validatedStates.set(state, { schema, state: deepFreeze(state) });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export interface StateChange<S, T> {
  state: S;
  /** Written in the same transaction as the state (attempts, completions, one-shot claims). */
  effects?: Effect[];
  result: T;
}

// One queue per store: a second store on the same database (another instance) is another writer, whose
// conflicts the retry below resolves.
const queues = new WeakMap<Store, KeyedQueue>();
function queueOf(view: Store): KeyedQueue {
  // Every delivery's view of one store shares its queue.
  const store = baseStore(view);
  let queue = queues.get(store);
  if (!queue) {
    queue = createKeyedQueue();
    queues.set(store, queue);
  }
  return queue;
}
/** Far beyond any real contention; reaching it means a bug, reported as an error rather than dropped. */
const SANITY_LIMIT = 1000;

/**
 * Read-modify-write of one state. `change` sees the current state and returns the new one, or throws a
 * UserError when the change no longer applies. It runs again on a fresh read whenever another process
 * saved first. A `once` effect that was already claimed means this very press was handled before:
 * nothing is written and the learner is told so.
 */
function update<S, T>(store: Store, key: string, schema: Schema<S>, change: (state: S | undefined) => StateChange<S, T>, known?: Stored<S>): Promise<T> {
  return queueOf(store).run(key, async () => {
    // What the event already read (`known`) is tried first, saving a read on the hot path. The save checks
    // the version, so a snapshot that is no longer current only costs a retry; and a refusal (a throw) is
    // accepted only from a fresh read.
    let snapshot = known?.key === key ? known : undefined;
    for (let attempt = 1; attempt <= SANITY_LIMIT; attempt++) {
      const current = snapshot ?? (await load(store, key, schema));
      const fromSnapshot = snapshot !== undefined;
      snapshot = undefined;
      let changed: StateChange<S, T>;
      try {
        changed = change(current.state);
      } catch (error) {
        if (fromSnapshot) continue;
        throw error;
      }
      const { state, effects = [], result } = changed;
      const outcome = await store.states.save(key, state, current.version, effects);
      if (outcome === 'saved') {
        trust(state, schema);
        return result;
      }
      if (outcome === 'duplicate') throw new UserError('alreadyDone');
    }
    throw new CoachError('state-contention');
  });
}

export const updateThreadState = <T>(store: Store, conv: ConvRef, change: (state: ThreadState | undefined) => StateChange<ThreadState, T>) =>
  update(store, threadKey(conv), threadStateSchema, change);

/** `known`: this learner's state as the event read it (turn.mine), tried before reading it again. */
export const updateLearnerState = <T>(
  store: Store,
  conv: ConvRef,
  learnerId: string,
  change: (state: LearnerState | undefined) => StateChange<LearnerState, T>,
  known?: Stored<LearnerState>,
) => update(store, learnerKey(conv, learnerId), learnerStateSchema, change, known);

const USED_KEPT = 20;

/** Marks a one-shot token used in a learner's state (bounded, newest last). */
export function withUsed(state: LearnerState, token: string): LearnerState {
  return { ...state, used: [...(state.used ?? []), token].slice(-USED_KEPT) };
}

/** Outdated, unless this learner already used the token here: then it was a second press of the same button. */
export function staleToken(state: LearnerState | undefined, token: string): UserError {
  return new UserError(state?.used?.includes(token) ? 'alreadyDone' : 'outdatedButton');
}

/**
 * Where a quiz or an explain prompt runs: in the thread the learner is in when the coach tracks it (a
 * lesson or quiz thread, whoever opened it: each learner's activity there is their own), else in a new
 * thread, opened with `opening` and owned by the learner. `opened` says which, so the caller knows
 * whether `opening` was shown.
 */
export async function activityThread(
  turn: Turn,
  title: string,
  opening: OutboundMessage,
  owner: Omit<ThreadState, 'learnerId'>,
): Promise<{ conv: ConvRef; opened: boolean }> {
  if (turn.conv.threadId !== undefined && turn.thread.state) return { conv: turn.conv, opened: false };
  const conv = await turn.openThread(title, opening);
  await updateThreadState(turn.deps.store, conv, () => ({ state: { learnerId: turn.learner.id, ...owner }, result: undefined }));
  return { conv, opened: true };
}
