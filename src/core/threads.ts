// Conversation state that must survive a restart: which lesson a thread belongs to, the quiz in progress
// and the open explain timer. Stored as JSON per thread with a version for optimistic concurrency, so a
// double click or two instances never record the same answer twice.
import { z } from 'zod';
import { convKey, type ConvRef, type OutboundMessage } from './messages.ts';
import type { Turn } from './turn.ts';
import { CoachError, UserError } from './errors.ts';
import type { Store, ThreadCommitRecord, ThreadRecord } from './ports.ts';

const quizSessionSchema = z.object({
  sessionId: z.string(),
  scope: z.string(),
  queue: z.array(z.string()),
  pending: z.object({ questionId: z.string(), token: z.string() }).nullable(),
  retried: z.array(z.string()),
  asked: z.number().int(),
  right: z.number().int(),
});

const explainSessionSchema = z.object({
  lessonId: z.string(),
  promptId: z.string(),
  postedAt: z.string(),
});

export const threadStateSchema = z.object({
  learnerId: z.string(),
  trackId: z.string().optional(),
  lessonId: z.string().optional(),
  nextOpened: z.string().optional(),
  quiz: quizSessionSchema.optional(),
  explain: explainSessionSchema.optional(),
  /** The last message whose code ran, so its author's edit within the re-run window can be recognised. */
  lastRun: z.object({ messageId: z.string(), at: z.string(), learnerId: z.string() }).optional(),
  rerun: z.object({ token: z.string(), code: z.string(), learnerId: z.string() }).optional(),
});

export type ThreadState = z.infer<typeof threadStateSchema>;
export type QuizSession = z.infer<typeof quizSessionSchema>;
export type ExplainSession = z.infer<typeof explainSessionSchema>;

export interface LoadedThread {
  key: string;
  version: number | null;
  state: ThreadState | undefined;
}

export function loadThread(store: Store, conv: ConvRef): Promise<LoadedThread> {
  return loadThreadByKey(store, convKey(conv));
}

async function loadThreadByKey(store: Store, key: string): Promise<LoadedThread> {
  const record: ThreadRecord | undefined = await store.threads.get(key);
  if (!record) return { key, version: null, state: undefined };
  const parsed = threadStateSchema.safeParse(record.state);
  // State written by an older version that no longer parses is treated as absent rather than crashing.
  return { key, version: record.version, state: parsed.success ? parsed.data : undefined };
}

/** Saves a new state for a loaded thread; false when someone else changed it first. */
export function saveThread(store: Store, thread: LoadedThread, state: ThreadState): Promise<boolean> {
  return store.threads.put(thread.key, state, thread.version);
}

export interface ThreadChange<T> {
  state: ThreadState;
  /** Written in the same transaction as the state (attempts, completions). */
  records?: ThreadCommitRecord[];
  result: T;
}

const MAX_ATTEMPTS = 4;

/**
 * Read-modify-write of a thread's state with optimistic concurrency. `change` sees the current state and
 * returns the new one, or throws a UserError when the change no longer applies. When another writer got in
 * first, the thread is re-read and `change` runs again on what is there now (with `retry` set), so an
 * unrelated concurrent update never loses work, while a second click on the same button finds its token
 * gone and records nothing.
 */
export async function changeThread<T>(
  store: Store,
  first: LoadedThread,
  change: (state: ThreadState | undefined, context: { retry: boolean }) => ThreadChange<T>,
): Promise<T> {
  let thread = first;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const { state, records = [], result } = change(thread.state, { retry: attempt > 1 });
    let saved: boolean;
    if (records.length === 0) saved = await store.threads.put(thread.key, state, thread.version);
    else if (thread.version === null) throw new CoachError('records need an existing thread state');
    else saved = await store.threads.commit(thread.key, state, thread.version, records);
    if (saved) return result;
    thread = await loadThreadByKey(store, thread.key);
  }
  throw new UserError('alreadyDone');
}

/**
 * Where a quiz or an explain prompt runs: in the learner's own thread when they are in one (a lesson
 * thread), else in a new thread. `first` is posted either way; returns the conversation and its state.
 */
export async function activityThread(turn: Turn, title: string, first: OutboundMessage): Promise<{ conv: ConvRef; thread: LoadedThread }> {
  if (turn.conv.threadId !== undefined && turn.thread.state?.learnerId === turn.learner.id) {
    await turn.reply(first);
    return { conv: turn.conv, thread: turn.thread };
  }
  const conv = await turn.openThread(title, first);
  return { conv, thread: await loadThread(turn.deps.store, conv) };
}
