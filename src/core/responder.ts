// How an event is answered. Chat platforms allow exactly one first response to an interaction, within
// about 3 seconds, decided before the work starts: a deferred reply (public or private) or a form. So each
// command and button declares its first response statically (see first-response.ts), the adapter gives it
// before calling the core, and this one state machine, shared by every adapter, turns the core's answers
// into the platform's calls:
//   pending -> deferred | form -> replied -> follow-ups only
// A deferred placeholder that nothing filled is closed when handling finishes.
import type { ConvRef, FormSpec, OutboundMessage } from './messages.ts';

export type Visibility = 'public' | 'private';

export type FirstResponse =
  /** A plain message (not an interaction): nothing to acknowledge, answers are posted in the conversation. */
  | { kind: 'none' }
  /** "Thinking…", visible to everyone or only to the person; the first answer of that visibility fills it. */
  | { kind: 'defer'; visibility: Visibility }
  /** Opens a form; the answer comes later as a `form` event, so this event has no reply of its own. */
  | { kind: 'form'; form: FormSpec };

export interface MessageRef {
  conv: ConvRef;
  messageId: string;
}

/** What an adapter does for one event; the state machine decides which to call. */
export interface ResponseOps {
  /** The one initial response. */
  acknowledge(first: FirstResponse): Promise<void>;
  /** Fills the deferred placeholder with the first answer. */
  fill(msg: OutboundMessage): Promise<MessageRef>;
  /** Another answer bound to the interaction (private ones stay private). */
  followUp(msg: OutboundMessage, visibility: Visibility): Promise<MessageRef>;
  /** A public message in the event's conversation, not bound to the interaction. */
  post(msg: OutboundMessage): Promise<MessageRef>;
  /** Removes a placeholder nothing filled. */
  close(): Promise<void>;
}

export type ResponderState = 'pending' | 'deferred' | 'replied' | 'none' | 'form';

export interface Responder {
  readonly first: FirstResponse;
  readonly state: ResponderState;
  /** Gives the declared first response; a second call is a bug and throws. */
  acknowledge(): Promise<void>;
  /** Answers the event; acknowledges first if the adapter has not. */
  respond(msg: OutboundMessage): Promise<MessageRef>;
  /** After handling: closes a placeholder that no answer filled. */
  finish(): Promise<void>;
}

export function createResponder(first: FirstResponse, ops: ResponseOps): Responder {
  let state: ResponderState = 'pending';
  let placeholderOpen = false;

  async function acknowledge(): Promise<void> {
    if (state !== 'pending') throw new Error('an event can be acknowledged only once');
    await ops.acknowledge(first);
    state = first.kind === 'defer' ? 'deferred' : first.kind === 'form' ? 'form' : 'none';
    placeholderOpen = first.kind === 'defer';
  }

  async function respond(msg: OutboundMessage): Promise<MessageRef> {
    if (state === 'pending') await acknowledge();
    const visibility: Visibility = msg.visibility === 'private' ? 'private' : 'public';
    if (state === 'none') return visibility === 'private' ? ops.followUp(msg, 'private') : ops.post(msg);
    // After a form the click has had its one response: a public answer goes to the conversation, a private
    // one is still bound to the click (Discord: an ephemeral follow-up; Slack: an ephemeral), never public.
    if (state === 'form') return visibility === 'private' ? ops.followUp(msg, 'private') : ops.post(msg);
    if (state === 'deferred') {
      if (first.kind === 'defer' && first.visibility === visibility) {
        // Replied only once the fill went through: a failed fill leaves the placeholder open, so the error
        // notice fills it instead, or finish() closes it, and no "thinking…" is left behind.
        const ref = await ops.fill(msg);
        state = 'replied';
        placeholderOpen = false;
        return ref;
      }
      // A placeholder's visibility is fixed when it is given: an answer of the other kind goes beside it,
      // and the placeholder waits for one of its own kind (or is closed at the end).
      return visibility === 'public' ? ops.post(msg) : ops.followUp(msg, 'private');
    }
    return ops.followUp(msg, visibility);
  }

  async function finish(): Promise<void> {
    if (state === 'pending') await acknowledge();
    if (placeholderOpen) {
      placeholderOpen = false;
      await ops.close();
    }
  }

  return {
    first,
    get state() {
      return state;
    },
    acknowledge,
    respond,
    finish,
  };
}
