// One inbound event being handled: who, where, the thread's saved state, and how to answer. Features
// receive a Turn instead of the adapter so they cannot depend on a platform.
import type { RunRateLimit } from './coderun/rate-limit.ts';
import type { Catalog } from './content/catalog.ts';
import type { ConvRef, InboundEvent, OutboundMessage } from './messages.ts';
import type { Adapter, Clock, CodeRunner, LearnerRecord, Store } from './ports.ts';
import type { LoadedThread } from './threads.ts';

/** The subset of a pino logger the core uses, so the core does not import pino. */
export interface CoreLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface CoachDeps {
  store: Store;
  catalog: Catalog;
  clock: Clock;
  logger: CoreLogger;
  runner?: CodeRunner | undefined;
  /** Runs per learner per minute; without it runs are not limited. */
  runLimit?: RunRateLimit | undefined;
}

export interface Turn {
  readonly deps: CoachDeps;
  readonly event: InboundEvent;
  readonly learner: LearnerRecord;
  readonly conv: ConvRef;
  readonly thread: LoadedThread;
  /** Posts in the conversation the event came from. */
  reply(msg: OutboundMessage): Promise<{ messageId: string }>;
  post(conv: ConvRef, msg: OutboundMessage): Promise<{ messageId: string }>;
  /** Opens a new thread in the event's channel (never nested inside the current thread). */
  openThread(title: string, first: OutboundMessage): Promise<ConvRef>;
}

export function createTurn(deps: CoachDeps, adapter: Adapter, event: InboundEvent, learner: LearnerRecord, thread: LoadedThread): Turn {
  const channel: ConvRef = { platform: event.conv.platform, workspaceId: event.conv.workspaceId, channelId: event.conv.channelId };
  return {
    deps,
    event,
    learner,
    conv: event.conv,
    thread,
    reply: (msg) => adapter.post(event.conv, msg),
    post: (conv, msg) => adapter.post(conv, msg),
    openThread: (title, first) => adapter.startThread(channel, title, first),
  };
}
