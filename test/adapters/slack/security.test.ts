// What reaches the adapter from outside: forged, unsigned, replayed and tampered requests are refused by
// Bolt's receiver before any listener and write nothing; retries are handled once; bad input gets a short
// private answer or a 4xx; failures quote an error id; 429s are retried after Retry-After; no secret is logged.
import { afterEach, describe, expect, it } from 'vitest';
import { makeContentTree } from '../../helpers/content.ts';
import {
  APP_TOKEN,
  BOT_TOKEN,
  CHANNEL,
  SIGNING_SECRET,
  alice,
  findButton,
  readText,
  signedHeaders,
  startSlackWorld,
  type SlackWorld,
} from '../../helpers/fake-slack/index.ts';

let w: SlackWorld;
afterEach(async () => w?.close());

const TABLES = ['Learner', 'Identity', 'ProcessedEvent', 'LessonProgress', 'Enrollment', 'ThreadState', 'ConfidenceRating'];
const written = () => Object.fromEntries(TABLES.map((t) => [t, w.t.count(t)]));
const nothingWritten = Object.fromEntries(TABLES.map((t) => [t, 0]));
/** Web API calls other than the start-up's auth.test. */
const apiCalls = () => w.fake.calls.filter((c) => c.method !== 'auth.test');
const form = 'application/x-www-form-urlencoded';


/** Alice's lesson 1 with its explain modal opened by her click. */
async function openExplainModal(): Promise<SlackWorld> {
  const world = await startSlackWorld(makeContentTree().root);
  await world.slack.command(alice, CHANNEL, 'lesson 1');
  await world.settle();
  const found = findButton(world.fake.seenBy(alice.id, CHANNEL, world.fake.threads()[0]!.ts), 'Explain in 30s')!;
  await world.slack.click(alice, found.message, found.element);
  await world.settle();
  return world;
}
describe('Slack: signed requests only', () => {
  it('given a forged signature, an unsigned request or a tampered body, answers 401 and changes nothing', async () => {
    w = await startSlackWorld(makeContentTree().root);
    const body = w.slack.commandBody(alice, CHANNEL, 'lesson 1');
    const forged = await w.slack.raw(body, form, { headers: signedHeaders(body, form, { secret: 'not-the-signing-secret' }) });
    const unsigned = await fetch(w.slack.endpoint, { method: 'POST', headers: { 'content-type': form }, body });
    const valid = signedHeaders(body, form);
    const tampered = await w.slack.raw(body.replace('lesson', 'confidence+5'), form, { headers: valid });
    await w.settle();
    expect([forged.status, unsigned.status, tampered.status]).toEqual([401, 401, 401]);
    expect(written()).toEqual(nothingWritten);
    expect(apiCalls()).toEqual([]);
  });

  it('given a request replayed after five minutes, answers 401; replayed within them, handles it once', async () => {
    w = await startSlackWorld(makeContentTree().root);
    const old = Math.floor(Date.now() / 1000) - 5 * 60 - 1;
    const stale = await w.slack.command(alice, CHANNEL, 'confidence 4', { timestamp: old });
    await w.settle();
    expect(stale.status).toBe(401);
    expect(written()).toEqual(nothingWritten);
    const body = w.slack.commandBody(alice, CHANNEL, 'confidence 4');
    const headers = signedHeaders(body, form);
    const first = await w.slack.raw(body, form, { headers });
    const replay = await w.slack.raw(body, form, { headers });
    await w.settle();
    expect([first.status, replay.status]).toEqual([200, 200]);
    expect(w.t.count('ConfidenceRating')).toBe(1);
  });

  it('given an Events API delivery retried by Slack (X-Slack-Retry-Num), records it once', async () => {
    w = await startSlackWorld(makeContentTree().root);
    const deliveries = [await w.slack.mention(alice, CHANNEL, 'confidence 2', undefined, { eventId: 'EvSame' })];
    deliveries.push(await w.slack.mention(alice, CHANNEL, 'confidence 2', undefined, { eventId: 'EvSame', retryNum: 1 }));
    deliveries.push(await w.slack.mention(alice, CHANNEL, 'confidence 2', undefined, { eventId: 'EvSame', retryNum: 2 }));
    await w.settle();
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    expect(w.t.count('ConfidenceRating')).toBe(1);
  });
});

describe('Slack: bad input', () => {
  it('given an unknown subcommand, answers in the acknowledgement, privately, naming the Slack command, and records nothing', async () => {
    w = await startSlackWorld(makeContentTree().root);
    const ack = await w.slack.command(alice, CHANNEL, 'frobnicate now');
    await w.settle();
    expect(ack.status).toBe(200);
    const body = JSON.parse(ack.body) as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toBe("I don't know `/coach frobnicate`. Try `/coach help` for the list of commands.");
    expect(written()).toEqual(nothingWritten);
  });

  it('given too many arguments or oversized text, explains the usage privately and records nothing but the person', async () => {
    w = await startSlackWorld(makeContentTree().root);
    const extra = await w.slack.command(alice, CHANNEL, 'lesson demo 1 and more');
    expect(JSON.parse(extra.body)).toMatchObject({ response_type: 'ephemeral', text: 'That doesn\'t fit: unexpected "and more". Usage: `/coach lesson [track] [step]`' });
    const huge = await w.slack.command(alice, CHANNEL, `lesson ${'x'.repeat(3000)}`);
    await w.settle();
    expect({ status: huge.status, body: huge.body }).toEqual({ status: 200, body: '' });
    const reply = w.fake.seenBy(alice.id, CHANNEL).at(-1)!;
    expect({ via: reply.via, onlyFor: reply.onlyFor }).toEqual({ via: 'response_url', onlyFor: alice.id });
    expect(readText(reply)).toMatch(/^That doesn't fit: .*Usage: `\/coach lesson \[track\] \[step\]`$/);
    expect({ ...written(), Learner: 0, Identity: 0, ProcessedEvent: 0 }).toEqual(nothingWritten);
  });

  it('given a malformed payload, answers 400; a payload missing what a click needs is acknowledged and ignored', async () => {
    w = await startSlackWorld(makeContentTree().root);
    const broken = await w.slack.raw('payload=%7B%22type%22%3A%22block_actions%22%2C', form);
    const partial = await w.slack.raw(new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', user: { id: 'UALICE' }, actions: [{ action_id: 'quiz#0' }] }) }).toString(), form);
    await w.settle();
    expect([broken.status, partial.status]).toEqual([400, 200]);
    expect(written()).toEqual(nothingWritten);
    expect(apiCalls()).toEqual([]);
  });

  it('given a modal submission whose metadata was tampered with, keeps the modal open with an error and records nothing', async () => {
    w = await openExplainModal();
    const view = w.fake.views[0]!;
    const ack = await w.slack.submit(alice, { ...view, view: { ...view.view, private_metadata: '{"form":' } }, { answer: 'a join' });
    await w.settle();
    expect(JSON.parse(ack.body)).toEqual({ response_action: 'errors', errors: { answer: 'This form is out of date and nothing was recorded: close it and press the button again.' } });
    expect(w.t.count('ExplainAttempt')).toBe(0);
  });

  it("given /coach in a private channel the app is not in, tells the person how to invite it and records no lesson", async () => {
    w = await startSlackWorld(makeContentTree().root);
    w.fake.closedChannels.add('GPRIVATE');
    await w.slack.command(alice, 'GPRIVATE', 'lesson 1');
    await w.settle();
    const reply = w.fake.seenBy(alice.id, 'GPRIVATE').at(-1)!;
    expect({ via: reply.via, onlyFor: reply.onlyFor, text: readText(reply) }).toEqual({
      via: 'response_url',
      onlyFor: alice.id,
      text: "I can't post here: I'm not a member of this conversation. Invite me (mention me or add the app to the channel), or use me in a public channel or from my App Home.",
    });
    expect({ lessons: w.t.count('LessonProgress'), threads: w.t.count('ThreadState') }).toEqual({ lessons: 0, threads: 0 });
  });

  it('given a click on an unknown action id, tells the clicker privately that the button is outdated', async () => {
    w = await startSlackWorld(makeContentTree().root);
    await w.slack.command(alice, CHANNEL, 'lesson 1');
    await w.settle();
    const thread = w.fake.threads()[0]!;
    const lesson = w.fake.seenBy(alice.id, CHANNEL, thread.ts).at(-1)!;
    const rows = w.t.count('QuizAttempt') + w.t.count('ConfidenceRating');
    await w.slack.click(alice, lesson, { type: 'button', action_id: 'no-such-action#0', value: 'whatever', text: { type: 'plain_text', text: 'X' } });
    await w.settle();
    const reply = w.fake.seenBy(alice.id, CHANNEL, thread.ts).at(-1)!;
    expect({ onlyFor: reply.onlyFor, text: readText(reply) }).toEqual({ onlyFor: alice.id, text: 'That button is from an older message; nothing was recorded.' });
    expect(w.t.count('QuizAttempt') + w.t.count('ConfidenceRating')).toBe(rows);
  });

  it('given an explanation longer than the form allows, says so privately and records nothing', async () => {
    w = await openExplainModal();
    await w.slack.submit(alice, w.fake.views[0]!, { answer: 'join '.repeat(601) });
    await w.settle();
    expect(w.t.count('ExplainAttempt')).toBe(0);
    expect(readText(w.fake.messages.at(-1)!)).toBe('That form could not be used: it is longer than 2000 characters. Nothing was recorded.');
  });
});

describe('Slack: failures, rate limits and secrets', () => {
  it('given a failure on our side, the person gets a short private message with an error id that is in the log', async () => {
    w = await startSlackWorld(makeContentTree().root);
    const store = w.t.app.coach.deps.store;
    const resolve = store.learners.resolve.bind(store.learners);
    store.learners.resolve = async () => {
      store.learners.resolve = resolve;
      throw new Error('disk on fire');
    };
    await w.slack.command(alice, CHANNEL, 'progress');
    await w.settle();
    const reply = w.fake.seenBy(alice.id, CHANNEL).at(-1)!;
    const errorId = /error `([0-9a-f]{8})`/.exec(readText(reply))?.[1];
    expect({ onlyFor: reply.onlyFor, text: readText(reply) }).toEqual({ onlyFor: alice.id, text: `Something went wrong on my side; it has been logged as error \`${errorId}\`. Please try again.` });
    expect(w.t.logs.filter((l) => l.errorId === errorId && l.msg === 'event failed')).toHaveLength(1);
  });

  it('given the Web API answers 429, the call is retried after Retry-After and the lesson is posted once', async () => {
    w = await startSlackWorld(makeContentTree().root);
    w.fake.rateLimit('chat.postMessage', 1, 1);
    await w.slack.command(alice, CHANNEL, 'lesson 1');
    await w.settle();
    const posts = w.fake.callsOf('chat.postMessage');
    expect(posts.slice(0, 2).map((c) => c.status)).toEqual([429, 200]);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(w.fake.threads()).toHaveLength(1);
    expect(w.fake.messages.filter((m) => !m.threadTs)).toHaveLength(1);
  });

  it('given a session at trace level, no token, signing secret or response_url is ever logged', async () => {
    w = await startSlackWorld(makeContentTree().root, { logLevel: 'trace' });
    await w.slack.command(alice, CHANNEL, 'lesson 1');
    await w.slack.command(alice, CHANNEL, 'progress');
    await w.slack.raw('garbage', form, { headers: signedHeaders('garbage', form, { secret: 'wrong' }) });
    await w.settle();
    const logs = w.logLines.join('\n');
    expect(w.logLines.length).toBeGreaterThan(10);
    for (const secret of [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET, '/response/']) expect(logs).not.toContain(secret);
  });
});
