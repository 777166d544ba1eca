// A coach on a real SQLite file with a fake chat platform (private replies, threads, updates in place) and a
// clock the test sets, so drills fire, close and reveal exactly when the test says.
import type { Clock } from '../../src/core/ports.ts';
import type { ResponseOps } from '../../src/core/responder.ts';
import type { ConvRef, InboundEvent, OutboundMessage, UserRef } from '../../src/core/messages.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { FakeChat } from '../helpers/fake-chat.ts';
import { buttonsOf } from '../helpers/recording-adapter.ts';

export class SetClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string | Date): void {
    this.current = new Date(iso);
  }
  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

/** A platform that can refuse: the next thread or post fails, as a dropped connection or a missing permission would. */
export class FlakyChat extends FakeChat {
  failThreads = 0;
  failPosts = 0;
  failUpdates = 0;
  override async startThread(conv: ConvRef, title: string, first: OutboundMessage) {
    if (this.failThreads > 0 && this.failThreads--) throw new Error('Missing Permissions');
    return super.startThread(conv, title, first);
  }
  override async post(conv: ConvRef, msg: OutboundMessage) {
    if (this.failPosts > 0 && this.failPosts--) throw new Error('Missing Access');
    return super.post(conv, msg);
  }
  override async update(conv: ConvRef, messageId: string, msg: OutboundMessage) {
    if (this.failUpdates > 0 && this.failUpdates--) throw new Error('Unknown Message');
    return super.update(conv, messageId, msg);
  }
  /** The next `failFills` replies into an acknowledged interaction fail (the platform lost it). */
  failFills = 0;
  override responseOps(event: InboundEvent): ResponseOps {
    const ops = super.responseOps(event);
    return {
      ...ops,
      fill: async (msg) => {
        if (this.failFills > 0 && this.failFills--) throw new Error('Unknown interaction');
        return ops.fill(msg);
      },
    };
  }
}

export const room: ConvRef = { platform: 'discord', workspaceId: 'guild-1', channelId: 'study-room' };
export const member = (n: number | string): UserRef => ({ platform: 'discord', id: `u-${n}`, name: `Member ${n}` });
export const lead: UserRef = { platform: 'discord', id: 'u-lead', name: 'Lead' };

export interface DrillHarness {
  t: TestApp;
  chat: FlakyChat;
  clock: SetClock;
  send(event: InboundEvent): Promise<void>;
  /** `/drill …` from the lead (an admin) in the room. */
  drill(args: Record<string, string>, options?: { user?: UserRef; admin?: boolean; conv?: ConvRef }): Promise<void>;
  command(user: UserRef, name: string, args?: Record<string, string>, conv?: ConvRef): Promise<void>;
  /** Presses button `label` ("1B") of the drill questions message in `thread`, as `user`. */
  answer(user: UserRef, thread: ConvRef, label: string): Promise<void>;
  /** What `user` was told privately or publicly in a conversation, newest last. */
  seen(user: UserRef, conv: ConvRef): string[];
}

let deliveries = 0;

export async function drillHarness(contentDir: string, clock: SetClock, options: { dbFile?: string; chat?: FlakyChat } = {}): Promise<DrillHarness> {
  const t = await createTestApp(contentDir, clock, options.dbFile);
  const chat = options.chat ?? new FlakyChat();
  t.app.coach.attach(chat);
  const send = (event: InboundEvent) => t.app.coach.handle({ eventId: `ev-${++deliveries}`, ...event }, chat);
  const questionsIn = (thread: ConvRef) =>
    chat.messages.findLast((m) => m.conv.threadId === thread.threadId && m.msg.blocks.some((b) => b.kind === 'choices' && b.actionId === 'drill'));
  return {
    t,
    chat,
    clock,
    send,
    drill: (args, o = {}) => send({ type: 'command', user: o.user ?? lead, conv: o.conv ?? room, name: 'drill', args, isAdmin: o.admin ?? true }),
    command: (user, name, args = {}, conv = room) => send({ type: 'command', user, conv, name, args }),
    async answer(user, thread, label) {
      const shown = questionsIn(thread);
      if (!shown) throw new Error(`no drill questions in ${thread.threadId}`);
      // A locked message still carries its values: a late click sends them too, as platforms deliver old clicks.
      const all = shown.msg.blocks.flatMap((b) => (b.kind === 'choices' ? b.options.map((o) => ({ value: o.id, label: o.label })) : []));
      const button = all.find((b) => b.label === label);
      if (!button) throw new Error(`no button ${label}; buttons: ${buttonsOf(shown.msg).map((b) => b.label).join(' ')}`);
      await send({ type: 'action', user, conv: thread, messageId: shown.id, actionId: 'drill', value: button.value });
    },
    seen: (user, conv) => chat.seenBy(user, conv).map((m) => m.text),
  };
}
