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

// A class rather than closures: one is made per event, and the TypeScript loader names every closure
// (an Object.defineProperty each), which cost more than the rest of the answer's bookkeeping together.
class EventResponder implements Responder {
  private current: ResponderState = 'pending';
  private placeholderOpen = false;

  constructor(
    readonly first: FirstResponse,
    private readonly ops: ResponseOps,
  ) {}

  get state(): ResponderState {
    return this.current;
  }

  async acknowledge(): Promise<void> {
    if (this.current !== 'pending') throw new Error('an event can be acknowledged only once');
    await this.ops.acknowledge(this.first);
    this.current = this.first.kind === 'defer' ? 'deferred' : this.first.kind === 'form' ? 'form' : 'none';
    this.placeholderOpen = this.first.kind === 'defer';
  }

  async respond(msg: OutboundMessage): Promise<MessageRef> {
    if (this.current === 'pending') await this.acknowledge();
    const { ops, first } = this;
    const visibility: Visibility = msg.visibility === 'private' ? 'private' : 'public';
    if (this.current === 'none') return visibility === 'private' ? ops.followUp(msg, 'private') : ops.post(msg);
    // After a form the click has had its one response: a public answer goes to the conversation, a private
    // one is still bound to the click (Discord: an ephemeral follow-up; Slack: an ephemeral), never public.
    if (this.current === 'form') return visibility === 'private' ? ops.followUp(msg, 'private') : ops.post(msg);
    if (this.current === 'deferred') {
      if (first.kind === 'defer' && first.visibility === visibility) {
        // Replied only once the fill went through: a failed fill leaves the placeholder open, so the error
        // notice fills it instead, or finish() closes it, and no "thinking…" is left behind.
        const ref = await ops.fill(msg);
        this.current = 'replied';
        this.placeholderOpen = false;
        return ref;
      }
      // A placeholder's visibility is fixed when it is given: an answer of the other kind goes beside it,
      // and the placeholder waits for one of its own kind (or is closed at the end).
      return visibility === 'public' ? ops.post(msg) : ops.followUp(msg, 'private');
    }
    return ops.followUp(msg, visibility);
  }

  async finish(): Promise<void> {
    if (this.current === 'pending') await this.acknowledge();
    if (this.placeholderOpen) {
      this.placeholderOpen = false;
      await this.ops.close();
    }
  }
}

export function createResponder(first: FirstResponse, ops: ResponseOps): Responder {
  return new EventResponder(first, ops);
}
