import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { FixedClock } from '../../helpers/clock.ts';
import { lesson, makeContentTree } from '../../helpers/content.ts';
import { alice, bob, channel } from '../../helpers/recording-adapter.ts';
import { RunnerUnavailableError, type CodeJob, type CodeResult, type CodeRunner, type Playground } from '../../../src/core/coderun/index.ts';

/** A CodeRunner fake: records jobs and answers with a scripted result (and, when given, its playground). */
class FakeRunner implements CodeRunner {
  readonly jobs: CodeJob[] = [];
  readonly playground?: () => Promise<Playground | null>;
  constructor(
    private readonly answer: (job: CodeJob) => Promise<CodeResult>,
    offered?: Playground,
  ) {
    if (offered) this.playground = async () => offered;
  }
  run(job: CodeJob) {
    this.jobs.push(job);
    return this.answer(job);
  }
}

const ok = (stdout: string): CodeResult => ({ status: 'ok', exitCode: 0, signal: null, stdout, stderr: '', output: stdout, wallMs: 42 });

let t: TestApp;
afterEach(async () => t?.close());

const countToThree = { id: 'demo-ex', title: 'Count to three', task: 'Print 1 2 3', doneWhen: 'it prints 1 2 3', starter: 'print(1)', solution: 'print(1, 2, 3)', expectedOutput: '1 2 3\n' };

async function lessonThread(runner: CodeRunner, clock = new FixedClock(), options: { env?: Record<string, string>; exercises?: object[] } = {}) {
  const tree = makeContentTree({ steps: 3, written: 1 });
  tree.writeLesson('demo', lesson(1, 'demo-step-1', { exercises: options.exercises ?? [countToThree] }));
  t = await createTestApp(tree.root, clock, undefined, runner, options.env);
  await t.command(alice, channel, 'lesson', { step: '1' });
  return t.adapter.threads[0]!.conv;
}

describe('code relay', () => {
  it('given a ```python block in a lesson thread, runs it and replies with status, time and numbered output', async () => {
    const runner = new FakeRunner(async () => ok('a\nb\n'));
    const thread = await lessonThread(runner);
    await t.say(alice, thread, 'Here is my try:\n```python\nprint("a")\nprint("b")\n```');
    expect(runner.jobs).toEqual([{ language: 'python', code: 'print("a")\nprint("b")' }]);
    const reply = t.adapter.last();
    expect(reply.text).toContain('**OK** · Ran for 42 ms.');
    expect(reply.msg.blocks).toContainEqual({ kind: 'code', language: 'text', source: expect.stringMatching(/1 \| a\n\s*2 \| b/) });
  });

  it('given output matching a lesson exercise, says the exercise is done, stores it once and /progress counts it', async () => {
    const thread = await lessonThread(new FakeRunner(async () => ok('1 2 3\n')));
    await t.say(alice, thread, '```py\nprint(1, 2, 3)\n```');
    expect(t.adapter.last().text).toContain('✅ Exercise done: **Count to three** — the output matches. It counts in `/progress`.');
    await t.say(alice, thread, '```py\nprint("1 2 3")\n```');
    expect(t.rows('ExerciseCompletion')).toMatchObject([{ exerciseId: 'demo-ex', lessonId: 'demo-step-1', completedAt: '2026-11-26T10:00:00.000+00:00' }]);
    await t.command(alice, channel, 'progress', {});
    expect(t.adapter.last().text).toContain('hands-on exercises: 1/1');
  });

  it('given a message without a fence or outside a lesson thread, runs nothing', async () => {
    const runner = new FakeRunner(async () => ok(''));
    const thread = await lessonThread(runner);
    await t.say(alice, thread, 'I think `select_related` is the answer');
    await t.say(alice, channel, '```python\nprint(1)\n```');
    expect(runner.jobs).toEqual([]);
  });

  it('given /run with inline code, runs it anywhere', async () => {
    const runner = new FakeRunner(async () => ok('2\n'));
    await lessonThread(runner);
    await t.command(alice, channel, 'run', { code: 'print(1 + 1)' });
    expect(runner.jobs[0]!.code).toBe('print(1 + 1)');
    expect(t.adapter.last().text).toContain('**OK**');
  });

  it('given a second submission while the first runs, refuses it and keeps the first', async () => {
    let release!: () => void;
    const runner = new FakeRunner(() => new Promise((resolve) => (release = () => resolve(ok('done\n')))));
    const thread = await lessonThread(runner);
    const first = t.say(alice, thread, '```python\nimport time\n```');
    await new Promise((r) => setTimeout(r, 50));
    await t.say(alice, thread, '```python\nprint(2)\n```');
    expect(t.adapter.last().text).toBe('Your previous code is still running; wait for its result, then try again.');
    release();
    await first;
    expect(runner.jobs).toHaveLength(1);
    expect(t.adapter.last().text).toContain('**OK**');
  });

  it('given the runner is down or off, tells the learner clearly and nothing else breaks', async () => {
    const thread = await lessonThread(new FakeRunner(() => Promise.reject(new RunnerUnavailableError('unreachable', 'ECONNREFUSED'))));
    await t.say(alice, thread, '```python\nprint(1)\n```');
    expect(t.adapter.last().text).toBe("The Python runner isn't available right now (it did not answer). Everything else still works.");
    await t.command(alice, thread, 'quiz', {});
    expect(t.adapter.last().text).toContain('Question 1 of');
  });

  it('given more runs in a minute than allowed, refuses the next with how long to wait, and counts a sliding minute', async () => {
    const clock = new FixedClock();
    const runner = new FakeRunner(async () => ok('1\n'));
    const thread = await lessonThread(runner, clock, { env: { RUNNER_RUNS_PER_MINUTE: '3' } });
    await t.say(alice, thread, '```python\nprint(1)\n```');
    clock.advance(20);
    await t.say(alice, thread, '```python\nprint(1)\n```');
    await t.command(alice, channel, 'run', { code: 'print(1)' });
    clock.advance(17);
    await t.say(alice, thread, '```python\nprint(1)\n```');
    expect(t.adapter.last().text).toBe('You have run code 3 times in the last minute; try again in 23 s.');
    await t.command(bob, channel, 'run', { code: 'print(1)' });
    expect(t.adapter.last().text).toContain('**OK**');
    expect(runner.jobs).toHaveLength(4);

    clock.advance(23);
    await t.say(alice, thread, '```python\nprint(1)\n```');
    expect(t.adapter.last().text).toContain('**OK**');
    await t.say(alice, thread, '```python\nprint(1)\n```');
    expect(t.adapter.last().text).toBe('You have run code 3 times in the last minute; try again in 20 s.');
    expect(runner.jobs).toHaveLength(5);
  });

  it('given no setting, allows 10 runs a minute', async () => {
    const runner = new FakeRunner(async () => ok('1\n'));
    await lessonThread(runner);
    for (let i = 0; i < 11; i += 1) await t.command(alice, channel, 'run', { code: 'print(1)' });
    expect(runner.jobs).toHaveLength(10);
    expect(t.adapter.last().text).toBe('You have run code 10 times in the last minute; try again in 60 s.');
  });

  it('given a lesson exercise that needs a newer Django than the playground, a failed run says so plainly', async () => {
    const failed: CodeResult = { status: 'error', exitCode: 1, signal: null, stdout: '', stderr: 'ImportError: cannot import name GeneratedField\n', output: 'ImportError: cannot import name GeneratedField\n', wallMs: 40 };
    const generated = { ...countToThree, id: 'demo-generated', title: 'A generated field', requiresDjango: '5.0' };
    const runner = new FakeRunner(async (job) => (job.code.includes('GeneratedField') ? failed : ok('1\n')), { python: '3.11.2', django: '4.2.21' });
    const thread = await lessonThread(runner, new FixedClock(), { exercises: [countToThree, generated] });
    expect(t.adapter.posted.find((p) => p.text.includes('Hands-on 2/2: A generated field'))!.text).toContain('_Needs Django 5.0 or newer._');
    await t.say(alice, thread, '```python\nfrom django.db.models import GeneratedField\n```');
    expect(t.adapter.last().msg.blocks).toContainEqual({
      kind: 'text',
      markdown: 'Exercise **A generated field** needs Django 5.0; this playground runs Django 4.2.21, so it cannot run here as written.',
    });
    await t.say(alice, thread, '```python\nprint(1)\n```');
    expect(t.adapter.last().text).not.toContain('needs Django');
  });

  it('given the playground is new enough, has no Django, or cannot say, the note follows the facts', async () => {
    const failed: CodeResult = { status: 'error', exitCode: 1, signal: null, stdout: '', stderr: 'boom\n', output: 'boom\n', wallMs: 40 };
    const needs = { ...countToThree, id: 'demo-needs', title: 'Needs 5.2', requiresDjango: '5.2' };
    const texts = async (runner: CodeRunner) => {
      const thread = await lessonThread(runner, new FixedClock(), { exercises: [needs] });
      await t.say(alice, thread, '```python\nraise SystemExit(1)\n```');
      const reply = t.adapter.last().text;
      await t.close();
      return reply;
    };
    expect(await texts(new FakeRunner(async () => failed, { python: '3.12.1', django: '5.2.3' }))).not.toContain('needs Django');
    expect(await texts(new FakeRunner(async () => failed, { python: '3.11.2', django: null }))).toContain(
      'Exercise **Needs 5.2** needs Django 5.2; this playground has no Django, so it cannot run here as written.',
    );
    expect(await texts(new FakeRunner(async () => failed))).not.toContain('needs Django');
  });

  it('given an edit within 30 s, offers a re-run that runs the new code once', async () => {
    const clock = new FixedClock();
    const runner = new FakeRunner(async (job) => ok(`${job.code}\n`));
    const thread = await lessonThread(runner, clock);
    await t.say(alice, thread, '```python\nprint(1)\n```', { messageId: 'code-1' });
    clock.advance(10);
    await t.say(alice, thread, '```python\nprint(2)\n```', { messageId: 'code-1', edited: true });
    expect(t.adapter.last().text).toBe('You edited your code. Run the new version?');
    const [button] = t.adapter.lastButtons();
    await t.press(alice, thread, button!.actionId, button!.value);
    await t.press(alice, thread, button!.actionId, button!.value);
    expect(runner.jobs.map((j) => j.code)).toEqual(['print(1)', 'print(2)']);

    clock.advance(31);
    const posted = t.adapter.posted.length;
    await t.say(alice, thread, '```python\nprint(3)\n```', { messageId: 'code-1', edited: true });
    expect(t.adapter.posted.length).toBe(posted);
  });
});
