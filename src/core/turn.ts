// One inbound event being handled: who, where, the thread's saved state, and how to answer. Features
// receive a Turn instead of the adapter so they cannot depend on a platform.
import type { RunRateLimit } from './coderun/rate-limit.ts';
import type { Catalog } from './content/catalog.ts';
import type { ConvRef, InboundEvent, OutboundMessage } from './messages.ts';
import type { Adapter, AdapterLimits, Clock, CodeRunner, ExplainJudge, LearnerRecord, Store } from './ports.ts';
import type { LearnerState, Stored, ThreadState } from './threads.ts';
import type { MessageRef, Responder } from './responder.ts';
import { lastPart } from './text/index.ts';

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
  /** Grades explain answers against the rubric when configured; the rule grader answers whenever it cannot. */
  judge?: ExplainJudge | undefined;
  /** The drill scheduler: wake() fires what is due now (a run started by hand) and settles when it is posted. */
  scheduler?: { wake(): Promise<void> } | undefined;
}

export interface Turn {
  readonly deps: CoachDeps;
  readonly event: InboundEvent;
  readonly learner: LearnerRecord;
  readonly conv: ConvRef;
  /** What the platform's messages can hold and do (forms, private replies). */
  readonly adapterLimits: AdapterLimits;
  /** The conversation's own state (its lesson, who opened it) as it was when the event arrived. */
  readonly thread: Stored<ThreadState>;
  /** This learner's state in the conversation as it was when the event arrived (decide with it; change it with updateLearnerState). */
  readonly mine: Stored<LearnerState>;
  /** Answers the event (its visibility decides who sees it: `private` only the person). */
  respond(msg: OutboundMessage): Promise<MessageRef>;
  post(conv: ConvRef, msg: OutboundMessage): Promise<{ messageId: string }>;
  /** Replaces the message whose button was pressed (for an action event; otherwise does nothing). */
  updatePressed(msg: OutboundMessage): Promise<void>;
  /** Opens a new thread in the event's channel (never nested inside the current thread). */
  openThread(title: string, first: OutboundMessage): Promise<ConvRef>;
}

export function createTurn(
  deps: CoachDeps,
  adapter: Adapter,
  responder: Responder,
  event: InboundEvent,
  learner: LearnerRecord,
  thread: Stored<ThreadState>,
  mine: Stored<LearnerState>,
): Turn {
  return new EventTurn(deps, adapter, responder, event, learner, thread, mine);
}

// A class rather than an object of closures: one is made per event, and the TypeScript loader names every
// closure (an Object.defineProperty each), which showed in the time of every answer.
class EventTurn implements Turn {
  readonly conv: ConvRef;
  readonly adapterLimits: AdapterLimits;

  constructor(
    readonly deps: CoachDeps,
    private readonly adapter: Adapter,
    private readonly responder: Responder,
    readonly event: InboundEvent,
    readonly learner: LearnerRecord,
    readonly thread: Stored<ThreadState>,
    readonly mine: Stored<LearnerState>,
  ) {
    this.conv = event.conv;
    this.adapterLimits = adapter.limits;
  }

  respond(msg: OutboundMessage): Promise<MessageRef> {
    return this.responder.respond(msg);
  }

  post(conv: ConvRef, msg: OutboundMessage): Promise<{ messageId: string }> {
    return this.adapter.post(conv, msg);
  }

  async updatePressed(msg: OutboundMessage): Promise<void> {
    const { event } = this;
    if (event.type !== 'action') return;
    try {
      await this.adapter.update(event.conv, event.messageId, lastPart(msg, this.adapter.limits));
    } catch (error) {
      // Cosmetic: what was pressed is already recorded; a message deleted or from before a restart stays as it is.
      this.deps.logger.warn({ err: error, messageId: event.messageId }, 'could not update the pressed message');
    }
  }

  openThread(title: string, first: OutboundMessage): Promise<ConvRef> {
    const { platform, workspaceId, channelId } = this.event.conv;
    return this.adapter.startThread({ platform, workspaceId, channelId }, title, first);
  }
}
