// Conversation state that must survive a restart: which lesson a thread belongs to, the quiz in progress
// and the open explain timer. Stored as JSON per thread with a version for optimistic concurrency, so a
// double click or two instances never record the same answer twice.
import { z } from 'zod';
import { convKey, type ConvRef } from './messages.ts';
import type { Store, ThreadRecord } from './ports.ts';

const quizSessionSchema = z.object({
  sessionId: z.string(),
  scope: z.string(),
  queue: z.array(z.string()),
  pending: z.object({ questionId: z.string(), token: z.string() }).nullable(),
  answeredRight: z.array(z.string()),
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
  /** The last message whose code ran, so an edit within the re-run window can be recognised. */
  lastRun: z.object({ messageId: z.string(), at: z.string() }).optional(),
  rerun: z.object({ token: z.string(), code: z.string() }).optional(),
});

export type ThreadState = z.infer<typeof threadStateSchema>;
export type QuizSession = z.infer<typeof quizSessionSchema>;
export type ExplainSession = z.infer<typeof explainSessionSchema>;

export interface LoadedThread {
  key: string;
  version: number | null;
  state: ThreadState | undefined;
}

export async function loadThread(store: Store, conv: ConvRef): Promise<LoadedThread> {
  const key = convKey(conv);
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
