// An in-memory chat platform with interaction semantics like Discord's and Slack's: one first response per
// interaction, placeholders that must be filled or closed, private (ephemeral) messages only their person
// sees, messages updated in place. It keeps state tests assert on, and delivers events the way a platform
// would (with delivery ids, possibly twice).
import type { Adapter } from '../../src/core/ports.ts';
import type { ConvRef, FormSpec, InboundEvent, OutboundMessage, UserRef } from '../../src/core/messages.ts';
import type { FirstResponse, ResponseOps } from '../../src/core/responder.ts';
import { plainText } from './recording-adapter.ts';
import { renderedLength, splitMessage } from '../../src/core/text/index.ts';

export interface ChatMessage {
  id: string;
  conv: ConvRef;
  msg: OutboundMessage;
  text: string;
  /** Set for an ephemeral message: only this user sees it. */
  onlyFor?: string;
  /** A deferred "thinking…" placeholder not filled yet. */
  placeholder?: boolean;
}

export interface Interaction {
  eventId: string;
  acks: FirstResponse[];
  /** Whether acknowledging came before the core did any other work (see FakeChat.markWork). */
  ackedBeforeWork: boolean;
}

export class FakeChat implements Adapter {
  readonly platform = 'discord' as const;
  readonly limits = { maxTextLength: 2000, maxButtonsPerRow: 5, maxRows: 5, privateReplies: true, forms: true };
  readonly messages: ChatMessage[] = [];
  readonly threads: { conv: ConvRef; title: string }[] = [];
  readonly interactions = new Map<string, Interaction>();
  /** Forms opened, newest last, with whom they were opened for. */
  readonly forms: { user: string; form: FormSpec }[] = [];
  private counter = 0;
  private current: Interaction | undefined;

  async start(_onEvent: (e: InboundEvent) => Promise<void>): Promise<void> {}
  async stop(): Promise<void> {}

  async post(conv: ConvRef, msg: OutboundMessage) {
    return { messageId: this.addSplit(conv, msg).id };
  }

  async update(_conv: ConvRef, messageId: string, msg: OutboundMessage) {
    const shown = this.messages.find((m) => m.id === messageId);
    if (!shown) throw new Error(`Unknown Message (${messageId})`);
    Object.assign(shown, { msg, text: plainText(msg.blocks) });
  }

  async openDirect(user: UserRef) {
    return { platform: this.platform, workspaceId: 'direct', channelId: `dm-${user.id}` } satisfies ConvRef;
  }

  async startThread(conv: ConvRef, title: string, first: OutboundMessage) {
    const thread = { ...conv, threadId: `thread-${++this.counter}` };
    this.threads.push({ conv: thread, title });
    this.addSplit(thread, first);
    return thread;
  }

  responseOps(event: InboundEvent): ResponseOps {
    const eventId = event.eventId ?? `local-${++this.counter}`;
    const interaction = this.interactions.get(eventId) ?? { eventId, acks: [], ackedBeforeWork: true };
    this.interactions.set(eventId, interaction);
    this.current = interaction;
    let placeholder: ChatMessage | undefined;
    const user = event.user.id;
    return {
      acknowledge: async (first) => {
        interaction.acks.push(first);
        if (first.kind === 'form') this.forms.push({ user, form: first.form });
        if (first.kind === 'defer') placeholder = this.add(event.conv, { blocks: [], fallbackText: 'thinking…' }, first.visibility === 'private' ? user : undefined, true);
      },
      fill: async (msg) => {
        if (!placeholder?.placeholder) throw new Error('Interaction has already been acknowledged and filled');
        const [first, ...rest] = splitMessage(msg, this.limits);
        Object.assign(placeholder, { msg: first!, text: plainText(first!.blocks), placeholder: false });
        const last = rest.map((part) => this.add(event.conv, part, placeholder!.onlyFor)).at(-1) ?? placeholder;
        return { conv: event.conv, messageId: last.id };
      },
      followUp: async (msg, visibility) => ({ conv: event.conv, messageId: this.addSplit(event.conv, msg, visibility === 'private' ? user : undefined).id }),
      post: async (msg) => ({ conv: event.conv, messageId: this.addSplit(event.conv, msg).id }),
      close: async () => {
        if (placeholder) this.messages.splice(this.messages.indexOf(placeholder), 1);
      },
    };
  }

  /** Called by tests' slow stores when the core starts real work: an ack after this is too late. */
  markWork(): void {
    if (this.current && this.current.acks.length === 0) this.current.ackedBeforeWork = false;
  }

  /** What `user` sees in a conversation, in order: public messages and their own ephemerals. */
  seenBy(user: UserRef, conv: ConvRef): ChatMessage[] {
    return this.messages.filter((m) => sameConv(m.conv, conv) && !m.placeholder && (m.onlyFor === undefined || m.onlyFor === user.id));
  }

  /** Like a platform adapter: split to the limits; the last part (with the buttons) stands for the message. */
  private addSplit(conv: ConvRef, msg: OutboundMessage, onlyFor?: string): ChatMessage {
    return splitMessage(msg, this.limits).map((part) => this.add(conv, part, onlyFor)).at(-1)!;
  }

  private add(conv: ConvRef, msg: OutboundMessage, onlyFor?: string, placeholder = false): ChatMessage {
    // The platform refuses what does not fit, as Discord answers 400.
    const length = msg.blocks.reduce((sum, b) => sum + renderedLength(b), 0);
    if (length > this.limits.maxTextLength) throw new Error(`message of ${length} characters exceeds ${this.limits.maxTextLength}`);
    const message: ChatMessage = { id: `msg-${++this.counter}`, conv, msg, text: plainText(msg.blocks), ...(onlyFor ? { onlyFor } : {}), ...(placeholder ? { placeholder } : {}) };
    this.messages.push(message);
    return message;
  }
}

const sameConv = (a: ConvRef, b: ConvRef) => a.channelId === b.channelId && a.workspaceId === b.workspaceId && (a.threadId ?? '') === (b.threadId ?? '');
