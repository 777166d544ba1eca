// The coach on Slack, end to end: signed requests to the real adapter over HTTP, answers read from the fake
// Web API's state, records counted in SQLite.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CodeJob, CodeResult, CodeRunner } from '../../../src/core/ports.ts';
import { makeContentTree } from '../../helpers/content.ts';
import { CHANNEL, alice, bob, buttonsIn, findButton, readText, startSlackWorld, type SlackWorld } from '../../helpers/fake-slack/index.ts';

let w: SlackWorld;
afterEach(async () => w?.close());

const demo = () => makeContentTree().root;
const thread = (n = 1) => w.fake.threads()[n - 1]!;
const inThread = (user: string, n = 1) => w.fake.seenBy(user, CHANNEL, thread(n).ts);

async function press(person: typeof alice, label: string, n = 1) {
  const found = findButton(inThread(person.id, n), label);
  if (!found) throw new Error(`${person.name} sees no "${label}"`);
  const delivery = await w.slack.click(person, found.message, found.element);
  await w.settle();
  return delivery;
}

class FakeRunner implements CodeRunner {
  readonly jobs: CodeJob[] = [];
  async run(job: CodeJob): Promise<CodeResult> {
    this.jobs.push(job);
    return { status: 'ok', exitCode: 0, signal: null, stdout: 'True\n', stderr: '', output: 'True\n', wallMs: 12 };
  }
}

describe('Slack: lessons, quizzes, the explain modal, code, App Home', () => {
  it('given /coach lesson django 33, acknowledges at once and opens step 33 of the real track in a thread', async () => {
    w = await startSlackWorld(path.resolve('content'));
    const ack = await w.slack.command(alice, CHANNEL, 'lesson django 33');
    await w.settle();
    expect({ status: ack.status, body: ack.body }).toEqual({ status: 200, body: '' });
    expect(w.fake.threads().map((p) => readText(p).split('\n')[0])).toEqual(['Step 33 · Interview essentials']);
    const messages = inThread(alice.id);
    expect(messages.every((m) => m.onlyFor === undefined && m.via === 'chat.postMessage')).toBe(true);
    expect(readText(messages[0]!)).toContain('step 33/36 · 0%');
    expect(buttonsIn(messages.at(-1)!).map((b) => b.text.text).slice(-4)).toEqual(['Quiz me', 'Explain in 30s', 'Confidence', 'Next lesson']);
    expect(w.t.rows('LessonProgress')).toMatchObject([{ lessonId: 'interview-essentials', status: 'started' }]);
    expect(w.t.rows('Enrollment')).toMatchObject([{ trackId: 'django', currentStep: 33 }]);
    // Help texts name the Slack command.
    await w.slack.command(alice, CHANNEL, 'help');
    await w.settle();
    const help = readText(w.fake.seenBy(alice.id, CHANNEL).at(-1)!);
    expect(help).toContain('`/coach lesson [track] [step]`');
    expect(help).not.toMatch(/`\/lesson/);
  });

  it('given a quiz answer clicked in the thread, records one attempt, locks the question and answers only the learner', async () => {
    w = await startSlackWorld(demo());
    await w.slack.command(alice, CHANNEL, 'lesson 1');
    await w.settle();
    await press(alice, 'Quiz me');
    const question = inThread(alice.id).findLast((m) => readText(m).includes('Question demo-step-1-q1?'))!;
    expect(buttonsIn(question).map((b) => b.text.text)).toEqual(['A', 'B', 'C']);
    const ack = await press(alice, 'B');
    expect(ack.status).toBe(200);
    expect(w.t.count('QuizAttempt')).toBe(1);
    expect(w.t.rows('QuizAttempt')).toMatchObject([{ questionId: 'demo-step-1-q1', chosen: 'b', correct: 1 }]);
    const updated = w.fake.messages.find((m) => m.ts === question.ts)!;
    expect({ updates: updated.updates, buttons: buttonsIn(updated).length }).toEqual({ updates: 1, buttons: 0 });
    expect(readText(updated)).toContain('B (chosen)');
    const feedback = inThread(alice.id).filter((m) => readText(m).startsWith('✅ Right: B.'));
    expect(feedback.map((m) => ({ onlyFor: m.onlyFor, via: m.via, threadTs: m.threadTs }))).toEqual([{ onlyFor: alice.id, via: 'chat.postEphemeral', threadTs: thread().ts }]);
    expect(inThread(bob.id).filter((m) => readText(m).includes('Right: B.'))).toEqual([]);
  });

  it('given "Explain in 30s", opens the modal with the click\'s trigger_id before anything else, and grades the submission once', async () => {
    w = await startSlackWorld(demo());
    await w.slack.command(alice, CHANNEL, 'lesson 1');
    await w.settle();
    const before = w.fake.calls.length;
    await press(alice, 'Explain in 30s');
    const afterClick = w.fake.calls.slice(before);
    expect(afterClick[0]!.method).toBe('views.open');
    expect(w.fake.views).toHaveLength(1);
    const view = w.fake.views[0]!;
    expect(view.triggerId).toBe(afterClick[0]!.args.trigger_id);
    expect({ title: view.view.title.text, header: view.view.blocks[0].text.text }).toEqual({ title: 'Explain · Lesson demo-s…', header: 'Explain · Lesson demo-step-1' });
    const submitted = await w.slack.submit(alice, view, { answer: 'It uses a SQL join over the foreign key to avoid N+1 queries.' });
    await w.settle();
    expect({ status: submitted.status, body: submitted.body }).toEqual({ status: 200, body: '' });
    expect(w.t.rows('ExplainAttempt')).toMatchObject([{ lessonId: 'demo-step-1', score: 75 }]);
    const grade = inThread(alice.id).filter((m) => readText(m).includes('Score 75/100'));
    expect(grade.map((m) => m.onlyFor)).toEqual([alice.id]);
    // The same modal submitted again (a second tab): the prompt is closed, nothing is recorded twice.
    await w.slack.submit(alice, view, { answer: 'Again.' });
    await w.settle();
    expect(w.t.count('ExplainAttempt')).toBe(1);
    expect(readText(inThread(alice.id).at(-1)!)).toContain('no longer open');
  });

  it('given a ```python block replied in the lesson thread, relays it to the runner once and answers in the thread', async () => {
    const runner = new FakeRunner();
    w = await startSlackWorld(demo(), { runner });
    await w.slack.command(alice, CHANNEL, 'lesson 1');
    await w.settle();
    const code = '```python\nprint(1 < 2 and "a" != "b")\n```';
    await w.slack.message(alice, CHANNEL, code, thread().ts, { eventId: 'EvCode1' });
    // Slack's retry of the same delivery (it did not see our 200 in time).
    await w.slack.message(alice, CHANNEL, code, thread().ts, { eventId: 'EvCode1', retryNum: 1 });
    await w.settle();
    expect(runner.jobs).toEqual([{ language: 'python', code: 'print(1 < 2 and "a" != "b")' }]);
    const replies = inThread(alice.id).filter((m) => readText(m).startsWith('OK · Ran for 12 ms.'));
    expect(replies.map((m) => ({ onlyFor: m.onlyFor, via: m.via }))).toEqual([{ onlyFor: undefined, via: 'chat.postMessage' }]);
    expect(w.t.count('ProcessedEvent', `"id" = 'event:slack:event:EvCode1'`)).toBe(1);
  });

  it('given @coach quiz in the channel, starts a quiz in its own thread; a mention in a thread is never taken as a reply', async () => {
    w = await startSlackWorld(demo());
    await w.slack.mention(alice, CHANNEL, 'quiz demo-step-1');
    await w.settle();
    expect(w.fake.threads().map((p) => readText(p).split('\n')[0])).toEqual(['Quiz · Lesson demo-step-1']);
    expect(inThread(alice.id).filter((m) => readText(m).includes('Question demo-step-1-q1?'))).toHaveLength(1);
  });

  it("given the App Home opened, publishes the person's progress and a button that opens the lesson in their DM", async () => {
    w = await startSlackWorld(demo());
    await w.slack.command(alice, CHANNEL, 'lesson 1');
    await w.settle();
    await press(alice, 'Quiz me');
    await press(alice, 'B');
    await w.slack.event({ type: 'app_home_opened', user: alice.id, channel: 'DALICE', tab: 'home' });
    await w.settle();
    const home = w.fake.homes.get(alice.id)!;
    expect(home).toHaveLength(1);
    const text = readText({ blocks: home[0]!.blocks, text: '' });
    expect(text).toContain('Continue: Step 1 of 5 · Lesson demo-step-1 (Track demo)');
    expect(text).toContain('quiz accuracy: 100% (1/1) · explain average: none yet');
    const open = home[0]!.blocks.find((b: { accessory?: unknown }) => b.accessory).accessory;
    expect(open).toMatchObject({ action_id: 'home_continue', value: 'demo:1' });
    // A click in App Home comes from a view, not a message.
    const body = w.slack.clickBody(alice, { ...w.fake.messages[0]!, onlyFor: alice.id }, open);
    const payload = JSON.parse(new URLSearchParams(body).get('payload')!);
    payload.container = { type: 'view', view_id: 'VHOME' };
    delete payload.channel;
    delete payload.response_url;
    await w.slack.raw(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
    await w.settle();
    expect(w.fake.callsOf('conversations.open')).toHaveLength(1);
    expect(w.fake.threads().map((p) => ({ channel: p.channel, title: readText(p).split('\n')[0] }))).toEqual([
      { channel: CHANNEL, title: 'Step 1 · Lesson demo-step-1' },
      { channel: 'DALICE', title: 'Step 1 · Lesson demo-step-1' },
    ]);
  });

  it("given a person's Slack time zone, records it on their identity (looked up in the background, never before the ack)", async () => {
    w = await startSlackWorld(demo());
    await w.slack.command(alice, CHANNEL, 'progress');
    await w.settle();
    expect(w.t.rows('Identity')).toMatchObject([{ platform: 'slack', externalId: `T0TEAM:${alice.id}`, displayName: 'alice', timeZone: null }]);
    await w.slack.command(alice, CHANNEL, 'progress');
    await w.settle();
    expect(w.t.rows('Identity')).toMatchObject([{ externalId: `T0TEAM:${alice.id}`, timeZone: 'Europe/Berlin' }]);
    expect(w.fake.callsOf('users.info')).toHaveLength(1);
  });

  it("given a person's Slack display name, names them by it once their profile is known (leaderboards, results), not by their handle", async () => {
    w = await startSlackWorld(demo());
    w.fake.users.set(alice.id, { id: alice.id, name: 'alice', profile: { display_name: 'Alice L.', real_name: 'Alice Liddell' } });
    w.fake.users.set(bob.id, { id: bob.id, name: 'bob', profile: { display_name: '', real_name: 'Bob Builder' } });
    for (const who of [alice, bob, alice, bob]) {
      await w.slack.command(who, CHANNEL, 'progress');
      await w.settle();
    }
    expect(w.t.rows('Identity').map((i) => i.displayName)).toEqual(['Alice L.', 'Bob Builder']);
  });

  it('given an Enterprise Grid user, keys the learner by the organisation, so two workspaces are one learner', async () => {
    w = await startSlackWorld(demo());
    await w.slack.command({ ...alice, team: 'T0ONE', enterprise: 'E0ORG' }, CHANNEL, 'confidence 3');
    await w.slack.command({ ...alice, team: 'T0TWO', enterprise: 'E0ORG' }, CHANNEL, 'confidence 4');
    await w.settle();
    expect(w.t.rows('Identity').map((r) => r.externalId)).toEqual([`E0ORG:${alice.id}`]);
    expect(w.t.count('Learner')).toBe(1);
  });
});
