// The core's entry point: createCoach(deps).handle(event, adapter). Claims the delivery, resolves the
// learner and the states, runs the feature, and turns failures into a message for the right person.
import { CoachError, UserError } from './errors.ts';
import { describeFailure, describeFailureAfterSave, describeUserError } from './error-text.ts';
import { notice, type ConvRef, type InboundEvent, type OutboundMessage } from './messages.ts';
import type { Adapter } from './ports.ts';
import { route } from './router.ts';
import { loadLearnerState, loadThreadState } from './threads.ts';
import { createTurn, type CoachDeps } from './turn.ts';
import { firstResponse } from './first-response.ts';
import { createAdapterRegistry, runJob, type JobResult, type ScheduledJob } from './scheduled.ts';
import { createResponder, type MessageRef, type Responder, type ResponseOps } from './responder.ts';
import { newToken } from './tokens.ts';
import { createDelivery } from './delivery.ts';

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
/**
 * A one-shot button claim only has to outlast a double press or a late second press of the same message.
 * Presses of messages months old are deliberate (and quiz/explain buttons are checked against the learner's
 * state anyway), so claims are kept 90 days: longer than any course runs between two visits to one message.
 */
export const PRESS_RETENTION_MS = 90 * 86_400_000;
/**
 * A lease left by a handler that died (or another instance that is stuck) is taken over after a minute, so a
 * crash between the claim and the first commit does not swallow the retry. Taking over cannot double a
 * record: the first commit of the event claims it in the same transaction, so a second handler's write is a
 * duplicate. Within this process a delivery being handled is never taken over, however long it takes.
 */
export const EVENT_LEASE_MS = 60_000;
const PRUNE_EVERY_MS = 3600_000;

export function createCoach(deps: CoachDeps): Coach {
  let lastPrune = 0;
  const adapters = createAdapterRegistry();

  // Deliveries this process is handling now: their lease is never taken over by a retry, however long they run.
  const inFlight = new Set<string>();

  async function handle(event: InboundEvent, adapter: Adapter): Promise<void> {
    const first = firstResponse(event, deps.catalog, adapter.limits.forms);
    const responder = createResponder(first, adapter.responseOps?.(event) ?? new PostingOps(adapter, event.conv));
    const claimId = event.eventId ? `${event.conv.platform}:${event.eventId}` : undefined;
    const delivery = createDelivery(deps.store, claimId, () => deps.clock.now());
    let claimed = false;
    try {
      // First, before any work: the platform's 3 seconds run from the delivery.
      await responder.acknowledge();
      if (claimId && !(claimed = await claim(claimId))) return void (await responder.finish());
      const learner = await deps.store.learners.resolve(event.user);
      const thread = await loadThreadState(deps.store, event.conv);
      const mine = await loadLearnerState(deps.store, event.conv, learner.id);
      await route(createTurn({ ...deps, store: delivery.store }, adapter, responder, event, learner, thread, mine));
      await responder.finish();
      if (claimId && !delivery.settled) await settle(claimId);
    } catch (error) {
      // A failure before anything was saved is not an answer: give the claim back so the platform's retry
      // is handled. Once something committed (or a UserError was answered), the retry must not record again.
      if (claimId && claimed && !delivery.settled) await (delivery.committed || error instanceof UserError ? settle(claimId) : release(claimId));
      await report(error, event, responder, delivery.committed ? delivery.saved : undefined);
    } finally {
      if (claimed && claimId) inFlight.delete(claimId);
    }
  }

  async function claim(id: string): Promise<boolean> {
    if (inFlight.has(id)) return false;
    inFlight.add(id);
    let taken = false;
    try {
      const now = deps.clock.now();
      if (now.getTime() - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = now.getTime();
        await deps.store.events.prune(new Date(now.getTime() - EVENT_RETENTION_MS), new Date(now.getTime() - PRESS_RETENTION_MS));
      }
      taken = await deps.store.events.claim(id, now, new Date(now.getTime() - EVENT_LEASE_MS));
      return taken;
    } finally {
      // Kept in flight only when taken: handle() removes it when it is done.
      if (!taken) inFlight.delete(id);
    }
  }

  async function settle(id: string): Promise<void> {
    try {
      await deps.store.events.settle(id, deps.clock.now());
    } catch (error) {
      // The lease stays and is taken over after EVENT_LEASE_MS; anything committed is claimed by its own transaction.
      deps.logger.error({ err: error, eventId: id }, 'could not mark an event handled');
    }
  }

  async function release(id: string): Promise<void> {
    try {
      await deps.store.events.release(id);
    } catch (error) {
      deps.logger.error({ err: error, eventId: id }, 'could not release a failed event; its retry is handled once its lease expires');
    }
  }

  /** saved: what committed before the failure (undefined: nothing did). */
  async function report(error: unknown, event: InboundEvent, responder: Responder, saved?: readonly string[]): Promise<void> {
    const isUserError = error instanceof UserError;
    const errorId = newToken().slice(0, 8);
    const text = isUserError ? describeUserError(error) : saved ? describeFailureAfterSave(saved, errorId) : describeFailure(error, errorId);
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

