// The contract harness for the Slack adapter: people act through signed HTTP requests to the real adapter
// (slash commands in the channel, `@coach` mentions and replies in threads, clicks, modal submissions), and
// what they see is read from the fake Web API's state (channel and thread messages, their own ephemerals).
import type { FakeMessage } from '../../helpers/fake-slack/server.ts';
import { buttonsIn, findButton, type Delivery, type Person } from '../../helpers/fake-slack/requests.ts';
import { CHANNEL, readText, startSlackWorld, TEAM } from '../../helpers/fake-slack/world.ts';
import type { Harness, Seen, Where } from '../contract/harness.ts';
import { createWorkGate } from '../contract/work-gate.ts';

/** How long the harness lets the core's work wait for Slack to receive the acknowledgement (Bolt gives up at 3 s). */
const ACK_WAIT_MS = 3500;

interface Tracked {
  deliveryId: string;
  responses: number;
  acked: Promise<void>;
  markAcked(): void;
  /** False once the core's work had to start without Slack having its acknowledgement. */
  beforeWork: boolean;
}

export async function createSlackHarness(contentDir: string): Promise<Harness> {
  const w = await startSlackWorld(contentDir);
  const people = new Map<string, Person>();
  const deliveries: Tracked[] = [];
  const triggers = new Map<string, string>();
  let current: Tracked | undefined;
  const lastPress = new Map<string, string>();
  const gate = createWorkGate();
  let counter = 0;

  // The core's first real work in every event is resolving the learner: it waits here until Slack has the
  // acknowledgement, so an adapter that acknowledged only after the work would be caught (beforeWork false).
  const store = w.t.app.coach.deps.store;
  const resolve = store.learners.resolve.bind(store.learners);
  store.learners.resolve = async (user) => {
    const delivery = current;
    if (delivery) {
      const timedOut = await Promise.race([delivery.acked.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), ACK_WAIT_MS))]);
      if (timedOut) delivery.beforeWork = false;
    }
    await gate.pass();
    return resolve(user);
  };

  const person = (name: string): Person => {
    let p = people.get(name);
    if (!p) {
      p = { id: `U${name.toUpperCase().replace(/[^A-Z0-9]/g, 'X')}${people.size}`, name };
      people.set(name, p);
      w.fake.users.set(p.id, { id: p.id, name });
    }
    return p;
  };
  const threadTs = (where: Where): string | undefined => {
    if (where === 'main') return undefined;
    const parent = w.fake.threads()[where - 1];
    if (!parent) throw new Error(`there is no thread ${where}`);
    return parent.ts;
  };
  const visible = (name: string, where: Where): FakeMessage[] => w.fake.seenBy(person(name).id, CHANNEL, threadTs(where));

  async function deliver(deliveryId: string | undefined, send: () => Promise<Delivery>): Promise<void> {
    let markAcked!: () => void;
    const tracked: Tracked = { deliveryId: deliveryId ?? `d${++counter}`, responses: 0, acked: new Promise((r) => (markAcked = r)), markAcked: () => markAcked(), beforeWork: true };
    deliveries.push(tracked);
    current = tracked;
    const delivery = await send();
    tracked.responses++;
    tracked.markAcked();
    if (delivery.status !== 200) throw new Error(`the adapter answered HTTP ${delivery.status}`);
    await w.settle();
  }

  return {
    name: 'slack',
    privacy: 'hidden',
    interactions: {
      acknowledgements: () => deliveries.map((d) => ({ deliveryId: d.deliveryId, count: d.responses, beforeWork: d.beforeWork })),
      holdWork: () => gate.hold(),
    },
    maxTextLength: w.adapter.limits.maxTextLength,
    async send(name, where, line, options = {}) {
      const p = person(name);
      const thread = threadTs(where);
      if (line.startsWith('/') && !thread) {
        // A repeated delivery id is the same invocation delivered twice: the same trigger_id.
        const key = options.deliveryId;
        const triggerId = key ? (triggers.get(key) ?? triggers.set(key, w.fake.issueTrigger(p.id)).get(key)!) : undefined;
        return deliver(key, () => w.slack.command(p, CHANNEL, line.slice(1), triggerId ? { triggerId } : {}));
      }
      // Slash commands cannot be typed in a Slack thread: there one mentions the app.
      const eventId = options.deliveryId;
      if (line.startsWith('/')) return deliver(eventId, () => w.slack.mention(p, CHANNEL, line.slice(1), thread, eventId ? { eventId } : {}));
      return deliver(eventId, () => w.slack.message(p, CHANNEL, line, thread, eventId ? { eventId } : {}));
    },
    async press(name, where, label) {
      const found = findButton(visible(name, where), label);
      if (!found) throw new Error(`${name} sees no button "${label}"`);
      const body = w.slack.clickBody(person(name), found.message, found.element);
      lastPress.set(name, body);
      await deliver(undefined, () => w.slack.raw(body, 'application/x-www-form-urlencoded'));
    },
    // Slack delivers a click again with the same payload (same action_ts) when it retries.
    async pressAgain(name) {
      const body = lastPress.get(name);
      if (!body) throw new Error(`${name} pressed nothing yet`);
      await deliver(undefined, () => w.slack.raw(body, 'application/x-www-form-urlencoded'));
    },
    async schedule(job) {
      const result = await w.t.app.coach.run(job({ platform: 'slack', workspaceId: TEAM, channelId: CHANNEL }));
      await w.settle();
      return result;
    },
    failNextWork: () => gate.failNext(),
    async answerForm(name, _where, text) {
      const view = w.fake.views.findLast((v) => v.user === person(name).id);
      if (!view) throw new Error(`no form was opened for ${name}`);
      await deliver(undefined, () => w.slack.submit(person(name), view, { answer: text }));
    },
    formsOpened: (name) =>
      w.fake.views
        .filter((v) => v.user === person(name).id)
        .map((v) => (v.view.blocks[0]?.type === 'header' ? v.view.blocks[0].text.text : v.view.title.text) as string),
    seen(name, where) {
      return visible(name, where).map((m): Seen => {
        const lockedRow = m.blocks.find((b) => b.type === 'context' && String(b.elements?.[0]?.text ?? '').startsWith('🔒'));
        const chosen = lockedRow ? readText({ blocks: [lockedRow], text: '' }).split('  ·  ').find((l) => l.endsWith(' (chosen)')) : undefined;
        return {
          // The locked row is shown as `locked`, as the other harnesses do, not as text.
          text: readText(lockedRow ? { ...m, blocks: m.blocks.filter((b) => b !== lockedRow) } : m),
          private: m.onlyFor !== undefined,
          buttons: buttonsIn(m).map((e) => e.text.text as string),
          ...(lockedRow ? { locked: (chosen ?? '').replace(/^🔒 /, '').replace(/ \(chosen\)$/, '') } : {}),
        };
      });
    },
    threadTitles: () => w.fake.threads().map((p) => p.blocks[0]?.text?.text as string),
    count: (table) => w.t.count(table),
    close: () => w.close(),
  };
}
