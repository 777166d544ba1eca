// The core's entry point: createCoach(deps).handle(event, adapter). Resolves the learner and the thread,
// runs the feature, and turns failures into a message for the right person.
import { CoachError, UserError } from './errors.ts';
import { describeUserError } from './error-text.ts';
import { notice, type InboundEvent } from './messages.ts';
import type { Adapter } from './ports.ts';
import { route } from './router.ts';
import { loadThread } from './threads.ts';
import { createTurn, type CoachDeps } from './turn.ts';

export interface Coach {
  handle(event: InboundEvent, adapter: Adapter): Promise<void>;
  readonly deps: CoachDeps;
}

export function createCoach(deps: CoachDeps): Coach {
  async function handle(event: InboundEvent, adapter: Adapter): Promise<void> {
    try {
      if (event.eventId && !(await deps.store.events.firstSeen(`${event.conv.platform}:${event.eventId}`))) return;
      const learner = await deps.store.learners.resolve(event.user);
      const thread = await loadThread(deps.store, event.conv);
      await route(createTurn(deps, adapter, event, learner, thread));
    } catch (error) {
      await report(error, event, adapter);
    }
  }

  async function report(error: unknown, event: InboundEvent, adapter: Adapter): Promise<void> {
    const isUserError = error instanceof UserError;
    const text = isUserError ? describeUserError(error) : 'Something went wrong on my side; it has been logged. Please try again.';
    if (!isUserError) {
      deps.logger.error({ err: error, code: error instanceof CoachError ? error.code : undefined, event: event.type }, 'event failed');
    }
    try {
      await adapter.post(event.conv, notice(text));
    } catch (postError) {
      deps.logger.error({ err: postError }, 'could not deliver an error message');
    }
  }

  return { handle, deps };
}
