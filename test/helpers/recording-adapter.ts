// An in-memory Adapter that keeps what the core sent as a chat would show it: messages in order, updates
// applied in place (and listed), threads opened.
import type { Adapter } from '../../src/core/ports.ts';
import type { Block, ConvRef, InboundEvent, OutboundMessage, UserRef } from '../../src/core/messages.ts';

export interface Posted {
  conv: ConvRef;
  msg: OutboundMessage;
  messageId: string;
  text: string;
}

export class RecordingAdapter implements Adapter {
  readonly platform = 'console' as const;
  readonly limits = { maxTextLength: 4000, maxButtonsPerRow: 5, maxRows: 5, privateReplies: true, forms: false };
  readonly posted: Posted[] = [];
  readonly updates: { messageId: string; msg: OutboundMessage }[] = [];
  readonly threads: { conv: ConvRef; title: string }[] = [];
  private counter = 0;

  /** Thread ids start with `prefix`, so several adapters can share one database without colliding. */
  constructor(private readonly prefix = '') {}

  async start(_onEvent: (e: InboundEvent) => Promise<void>): Promise<void> {}
  async stop(): Promise<void> {}
  async post(conv: ConvRef, msg: OutboundMessage) {
    const messageId = `m${++this.counter}`;
    this.posted.push({ conv, msg, messageId, text: plainText(msg.blocks) });
    return { messageId };
  }
  async update(_conv: ConvRef, messageId: string, msg: OutboundMessage) {
    const shown = this.posted.find((p) => p.messageId === messageId);
    if (!shown) throw new Error(`update of unknown message ${messageId}`);
    shown.msg = msg;
    shown.text = plainText(msg.blocks);
    this.updates.push({ messageId, msg });
  }

  /** The message showing a button with this value (the one a press comes from). */
  holding(actionId: string, value: string): Posted | undefined {
    return this.posted.findLast((p) => buttonsOf(p.msg).some((b) => b.actionId === actionId && b.value === value));
  }
  async startThread(conv: ConvRef, title: string, first: OutboundMessage) {
    const thread = { ...conv, threadId: `${this.prefix}thread-${++this.counter}` };
    this.threads.push({ conv: thread, title });
    await this.post(thread, first);
    return thread;
  }

  last(): Posted {
    const last = this.posted.at(-1);
    if (!last) throw new Error('nothing was posted');
    return last;
  }
  since(index: number): Posted[] {
    return this.posted.slice(index);
  }
  /** The buttons of the latest message with buttons, as [actionId, value, label]. */
  lastButtons(): { actionId: string; value: string; label: string }[] {
    for (let i = this.posted.length - 1; i >= 0; i--) {
      const buttons = buttonsOf(this.posted[i]!.msg);
      if (buttons.length > 0) return buttons;
    }
    return [];
  }
}

/** Pressable buttons: a locked (answered) row has none. */
export function buttonsOf(msg: OutboundMessage): { actionId: string; value: string; label: string }[] {
  return msg.blocks.flatMap((b) =>
    b.kind === 'choices' && !b.locked
      ? b.options.map((o) => ({ actionId: b.actionId, value: o.id, label: o.label }))
      : b.kind === 'rating'
        ? [1, 2, 3, 4, 5].map((n) => ({ actionId: b.actionId, value: `${b.valuePrefix}${n}`, label: String(n) }))
        : [],
  );
}

export function plainText(blocks: Block[]): string {
  return blocks
    .map((b) => (b.kind === 'text' ? b.markdown : b.kind === 'heading' ? b.text : b.kind === 'progress' ? b.label : b.kind === 'code' ? b.source : ''))
    .filter(Boolean)
    .join('\n');
}

export const alice: UserRef = { platform: 'console', id: 'alice', name: 'Alice' };
export const bob: UserRef = { platform: 'console', id: 'bob', name: 'Bob' };
export const channel: ConvRef = { platform: 'console', workspaceId: 'w1', channelId: 'c1' };
