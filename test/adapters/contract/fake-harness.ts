// The contract harness for the in-memory fake platform: events go through coach.handle as a platform
// adapter would deliver them, and what a person sees is read from the fake's state.
import type { ConvRef, InboundEvent, UserRef } from '../../../src/core/messages.ts';
import { findCommand, positionalArgs } from '../../../src/core/commands.ts';
import { createTestApp } from '../../helpers/app.ts';
import { FakeChat } from '../../helpers/fake-chat.ts';
import { buttonsOf } from '../../helpers/recording-adapter.ts';
import type { Harness, Seen, Where } from './harness.ts';
import { createWorkGate } from './work-gate.ts';

const channel: ConvRef = { platform: 'discord', workspaceId: 'guild-1', channelId: 'study-room' };

export async function createFakeHarness(contentDir: string): Promise<Harness> {
  const t = await createTestApp(contentDir);
  const chat = new FakeChat();
  const users = new Map<string, UserRef>();
  const gate = createWorkGate();
  const store = t.app.coach.deps.store;
  const resolve = store.learners.resolve.bind(store.learners);
  store.learners.resolve = async (user) => {
    chat.markWork();
    await gate.pass();
    return resolve(user);
  };
  let counter = 0;
  const user = (name: string) => users.get(name) ?? users.set(name, { platform: 'discord', id: `u-${name.toLowerCase()}`, name }).get(name)!;
  const conv = (where: Where) => (where === 'main' ? channel : chat.threads[where - 1]!.conv);
  const deliver = (event: InboundEvent) => t.app.coach.handle(event, chat);
  t.app.coach.attach(chat);
  const lastPress = new Map<string, InboundEvent>();

  return {
    name: 'in-memory fake platform',
    privacy: 'hidden',
    interactions: {
      acknowledgements: () => [...chat.interactions.values()].map((i) => ({ deliveryId: i.eventId, count: i.acks.length, beforeWork: i.ackedBeforeWork })),
      holdWork: () => gate.hold(),
    },
    maxTextLength: chat.limits.maxTextLength,
    async send(name, where, line, options = {}) {
      const base = { user: user(name), conv: conv(where), eventId: options.deliveryId ?? `d${++counter}` };
      if (!line.startsWith('/')) return deliver({ ...base, type: 'message', messageId: `in-${counter}`, text: line });
      const [commandName = '', ...rest] = line.slice(1).split(' ');
      return deliver({ ...base, type: 'command', name: commandName, args: positionalArgs(findCommand(commandName), rest.join(' ')) });
    },
    async press(name, where, label) {
      const holding = chat.seenBy(user(name), conv(where)).findLast((m) => buttonsOf(m.msg).some((b) => b.label === label));
      const button = holding && buttonsOf(holding.msg).find((b) => b.label === label);
      if (!holding || !button) throw new Error(`${name} sees no button "${label}"`);
      const event: InboundEvent = { type: 'action', user: user(name), conv: conv(where), eventId: `d${++counter}`, messageId: holding.id, actionId: button.actionId, value: button.value };
      lastPress.set(name, event);
      return deliver(event);
    },
    async pressAgain(name) {
      const event = lastPress.get(name);
      if (!event) throw new Error(`${name} pressed nothing yet`);
      return deliver(event);
    },
    schedule: (job) => t.app.coach.run(job(channel)),
    failNextWork: () => gate.failNext(),
    async answerForm(name, where, text) {
      const opened = chat.forms.findLast((f) => f.user === user(name).id);
      if (!opened) throw new Error(`no form was opened for ${name}`);
      return deliver({ type: 'form', user: user(name), conv: conv(where), eventId: `d${++counter}`, formId: opened.form.id, values: { answer: text } });
    },
    formsOpened: (name) => chat.forms.filter((f) => f.user === user(name).id).map((f) => f.form.title),
    seen(name, where) {
      return chat.seenBy(user(name), conv(where)).map((m): Seen => {
        const locked = m.msg.blocks.find((b) => b.kind === 'choices' && b.locked);
        return {
          text: m.text,
          private: m.onlyFor !== undefined,
          buttons: buttonsOf(m.msg).map((b) => b.label),
          ...(locked && locked.kind === 'choices' ? { locked: locked.options.find((o) => o.id === locked.chosen)?.label ?? '' } : {}),
        };
      });
    },
    threadTitles: () => chat.threads.map((x) => x.title),
    count: (table) => t.count(table),
    close: () => t.close(),
  };
}
