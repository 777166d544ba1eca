// The contract harness for the Discord adapter: people act through the fake Discord (slash commands with
// typed options, button clicks, modal submissions, messages), and what they see is read from the fake's
// state: a channel's public messages plus their own ephemerals.
import { ButtonStyle, ComponentType, type APIButtonComponentWithCustomId, type APIMessage } from 'discord-api-types/v10';
import { findCommand, positionalArgs } from '../../../src/core/commands.ts';
import type { Harness, Seen, Where } from '../contract/harness.ts';
import type { Member } from '../../helpers/fake-discord/index.ts';
import { startBot } from './bot.ts';
import { createWorkGate } from '../contract/work-gate.ts';

export function buttons(message: APIMessage): APIButtonComponentWithCustomId[] {
  return (message.components ?? []).flatMap((row) => (row.type === ComponentType.ActionRow ? row.components : [])).filter((c): c is APIButtonComponentWithCustomId => c.type === ComponentType.Button && 'custom_id' in c);
}

/** Typed options as Discord sends them: integers as numbers, as the registered definitions declare. */
export function typedOptions(line: string): { name: string; options: Record<string, string | number> } {
  const [name = '', ...rest] = line.slice(1).split(' ');
  const command = findCommand(name);
  const args = positionalArgs(command, rest.join(' '));
  const options = Object.fromEntries(Object.entries(args).map(([key, value]) => {
    const integer = command.args.find((a) => a.name === key)?.type === 'integer' && /^-?\d+$/.test(value);
    return [key, integer ? Number(value) : value];
  }));
  return { name, options };
}

export async function createDiscordHarness(contentDir: string): Promise<Harness> {
  const bot = await startBot(contentDir);
  const { fake } = bot;
  const store = bot.t.app.coach.deps.store;
  const resolve = store.learners.resolve.bind(store.learners);
  const workStarted = new Map<string, number>();
  const gate = createWorkGate();
  store.learners.resolve = async (user) => {
    const latest = [...fake.state.interactions.values()].filter((i) => i.userId === user.id).at(-1);
    if (latest && !workStarted.has(latest.id)) workStarted.set(latest.id, performance.now());
    await gate.pass();
    return resolve(user);
  };
  const members = new Map<string, Member>();
  const member = (name: string) => members.get(name) ?? members.set(name, fake.member(name)).get(name)!;
  const channelOf = (where: Where) => (where === 'main' ? fake.channel.id : fake.threads()[where - 1]!.id);
  const deliveries = new Map<string, string>();
  const lastPress = new Map<string, string>();

  return {
    name: 'Discord (fake gateway and REST)',
    privacy: 'hidden',
    maxTextLength: bot.adapter.limits.maxTextLength,
    interactions: {
      acknowledgements: () =>
        [...deliveries.entries()].map(([deliveryId, id]) => {
          const record = fake.interaction(id);
          const attempts = fake.state.calls.filter((c) => c.method === 'POST' && c.path.startsWith(`/interactions/${id}/`));
          const work = workStarted.get(id);
          return { deliveryId, count: attempts.length, beforeWork: record.callbacks[0] !== undefined && (work === undefined || record.callbacks[0].at <= work) };
        }),
      holdWork: () => gate.hold(),
    },
    async send(name, where, line, options = {}) {
      const who = member(name);
      const channelId = channelOf(where);
      if (!line.startsWith('/')) return void (await bot.deliver(() => fake.say(who, channelId, line)));
      const known = options.deliveryId ? deliveries.get(options.deliveryId) : undefined;
      if (known) return void (await bot.deliver(() => (fake.replay(known), known)));
      const { name: command, options: typed } = typedOptions(line);
      await bot.deliver(() => {
        const id = fake.command(who, channelId, command, typed);
        if (options.deliveryId) deliveries.set(options.deliveryId, id);
        return id;
      });
    },
    async press(name, where, label) {
      const who = member(name);
      const holding = fake.state.seenBy(who.user.id, channelOf(where)).findLast((m) => buttons(m.api).some((b) => b.label === label && !b.disabled));
      const button = holding && buttons(holding.api).find((b) => b.label === label && !b.disabled);
      if (!holding || !button) throw new Error(`${name} sees no button "${label}"`);
      lastPress.set(name, await bot.deliver(() => fake.click(who, holding.api.id, button.custom_id)));
    },
    async pressAgain(name) {
      const id = lastPress.get(name);
      if (!id) throw new Error(`${name} pressed nothing yet`);
      await bot.deliver(() => (fake.replay(id), id));
    },
    schedule: (job) => bot.t.app.coach.run(job({ platform: 'discord', workspaceId: fake.guildId, channelId: fake.channel.id })),
    failNextWork: () => gate.failNext(),
    async answerForm(name, where, text) {
      const who = member(name);
      const opened = fake.state.modals.findLast((m) => m.userId === who.user.id);
      if (!opened) throw new Error(`no modal was opened for ${name}`);
      const field = opened.components[0]!.components[0]!.custom_id;
      await bot.deliver(() => fake.submitModal(who, channelOf(where), opened.customId, { [field]: text }));
    },
    formsOpened: (name) => fake.state.modals.filter((m) => m.userId === member(name).user.id).map((m) => m.title),
    seen(name, where) {
      return fake.state.seenBy(member(name).user.id, channelOf(where)).map((m): Seen => {
        const all = buttons(m.api);
        const locked = all.length > 0 && all.every((b) => b.disabled) ? all.find((b) => b.style === ButtonStyle.Primary)?.label ?? '' : undefined;
        return {
          text: m.api.content,
          private: m.ephemeralFor !== undefined,
          buttons: all.filter((b) => !b.disabled).map((b) => b.label ?? ''),
          ...(locked !== undefined ? { locked } : {}),
        };
      });
    },
    threadTitles: () => fake.threads().map((t) => t.name),
    count: (table) => bot.t.count(table),
    close: () => bot.close(),
  };
}
