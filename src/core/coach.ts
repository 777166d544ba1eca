// The core's entry point: createCoach(deps).handle(event, adapter). Claims the delivery, resolves the
// learner and the states, runs the feature, and turns failures into a message for the right person.
import { CoachError, UserError } from './errors.ts';
import { describeFailure, describeUserError } from './error-text.ts';
import { notice, type ConvRef, type InboundEvent, type OutboundMessage } from './messages.ts';
import type { Adapter } from './ports.ts';
import { route } from './router.ts';
import { loadLearnerState, loadThreadState } from './threads.ts';
import { createTurn, type CoachDeps } from './turn.ts';
import { firstResponse } from './first-response.ts';
import { createAdapterRegistry, runJob, type JobResult, type ScheduledJob } from './scheduled.ts';
import { createResponder, type MessageRef, type Responder, type ResponseOps } from './responder.ts';
import { newToken } from './tokens.ts';

export interface Coach {
  handle(event: InboundEvent, adapter: Adapter): Promise<void>;
  /** Makes an adapter the one that serves its platform for scheduled work. */
  attach(adapter: Adapter): void;
  /** Scheduled work: no inbound event, so no learner and no acknowledgement. */
  run(job: ScheduledJob): Promise<JobResult>;
  readonly deps: CoachDeps;
}

/** Platforms retry a delivery for minutes (Slack: three times within about half an hour); claims are kept two days. */
export const EVENT_RETENTION_MS = 48 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;

export function createCoach(deps: CoachDeps): Coach {
  let lastPrune = 0;
  const adapters = createAdapterRegistry();

  async function handle(event: InboundEvent, adapter: Adapter): Promise<void> {
    const first = firstResponse(event, deps.catalog, adapter.limits.forms);
    const responder = createResponder(first, adapter.responseOps?.(event) ?? new PostingOps(adapter, event.conv));
    const claimId = event.eventId ? `${event.conv.platform}:${event.eventId}` : undefined;
    try {
      // First, before any work: the platform's 3 seconds run from the delivery.
      await responder.acknowledge();
      if (claimId && !(await claim(claimId))) return void (await responder.finish());
      const learner = await deps.store.learners.resolve(event.user);
      const thread = await loadThreadState(deps.store, event.conv);
      const mine = await loadLearnerState(deps.store, event.conv, learner.id);
      await route(createTurn(deps, adapter, responder, event, learner, thread, mine));
      await responder.finish();
    } catch (error) {
      // A failure is not an answer: give the claim back so the platform's retry of this delivery is handled.
      // A UserError was answered (the learner was told), so its delivery stays claimed.
      if (claimId && !(error instanceof UserError)) await release(claimId);
      await report(error, event, responder);
    }
  }

  async function claim(id: string): Promise<boolean> {
    const now = deps.clock.now();
    if (now.getTime() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = now.getTime();
      await deps.store.events.prune(new Date(now.getTime() - EVENT_RETENTION_MS));
    }
    return deps.store.events.claim(id, now);
  }

  async function release(id: string): Promise<void> {
    try {
      await deps.store.events.release(id);
    } catch (error) {
      deps.logger.error({ err: error, eventId: id }, 'could not release a failed event; its retry will be ignored');
    }
  }

  async function report(error: unknown, event: InboundEvent, responder: Responder): Promise<void> {
    const isUserError = error instanceof UserError;
    const errorId = newToken().slice(0, 8);
    const text = isUserError ? describeUserError(error) : describeFailure(error, errorId);
    if (!isUserError) {
      deps.logger.error({ err: error, errorId, code: error instanceof CoachError ? error.code : undefined, event: event.type, platform: event.conv.platform }, 'event failed');
    }
    try {
      await responder.respond(notice(text));
      await responder.finish();
    } catch (postError) {
      deps.logger.error({ err: postError }, 'could not deliver an error message');
    }
  }

  return { handle, attach: (adapter) => adapters.attach(adapter), run: (job) => runJob(adapters, job), deps };
}

/**
 * The terminal's way (and the default): every answer is a message in the event's conversation. A class,
 * like the responder, because one is made per event.
 */
class PostingOps implements ResponseOps {
  constructor(
    private readonly adapter: Adapter,
    private readonly conv: ConvRef,
  ) {}
  async acknowledge(): Promise<void> {}
  async fill(msg: OutboundMessage): Promise<MessageRef> {
    return this.post(msg);
  }
  async followUp(msg: OutboundMessage): Promise<MessageRef> {
    return this.post(msg);
  }
  async post(msg: OutboundMessage): Promise<MessageRef> {
    return { conv: this.conv, messageId: (await this.adapter.post(this.conv, msg)).messageId };
  }
  async close(): Promise<void> {}
}

