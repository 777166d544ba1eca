// The bot's code relay against the real runner over HTTP: a ```python block in a lesson thread comes back
// with status, output and time; hostile output cannot ping anyone; a stopped runner gives a clear message.
import { mkdtempSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { lesson, makeContentTree } from '../helpers/content.ts';
import { RecordingAdapter, alice, channel } from '../helpers/recording-adapter.ts';
import { createPistonCodeRunner } from '../../src/runner/client.ts';
import { startTestRunner, TEST_TOKEN, type TestRunner } from '../helpers/runner.ts';

let runner: TestRunner;
let t: TestApp;
beforeAll(async () => {
  runner = await startTestRunner({ uidBase: 61600, wallMs: 3000 });
  t = await createTestApp(makeContentTree().root, undefined, undefined, createPistonCodeRunner({ url: runner.url, token: TEST_TOKEN }));
  await t.command(alice, channel, 'lesson', { step: '1' });
});
afterAll(async () => {
  await t?.close();
  await runner?.stop();
});

const thread = () => t.adapter.threads[0]!.conv;
const codeOf = () => t.adapter.last().msg.blocks.find((b) => b.kind === 'code') as { source: string } | undefined;

describe('code relay over HTTP', () => {
  it('given a python block, replies with OK, the time and line-numbered output', async () => {
    await t.say(alice, thread(), '```python\nfor i in range(3):\n    print("line", i)\n```');
    expect(t.adapter.last().text).toMatch(/^\*\*OK\*\* · Ran for \d+ ms\./);
    expect(codeOf()!.source.split('\n')).toEqual(['1 | line 0', '2 | line 1', '3 | line 2']);
  });

  it('given an exception, reports the exit status and the traceback', async () => {
    await t.say(alice, thread(), '```py\nraise ValueError("boom")\n```');
    expect(t.adapter.last().text).toContain('Error (exit 1)');
    expect(codeOf()!.source).toContain('ValueError: boom');
  });

  it('given an endless loop, reports a timeout', async () => {
    await t.say(alice, thread(), '```python\nwhile True: pass\n```');
    expect(t.adapter.last().text).toMatch(/Timed out/i);
  });

  it('given output with mentions and fences, neutralises them and truncates a flood', async () => {
    await t.say(alice, thread(), '```python\nprint("@everyone <@123>", "`" * 3)\nfor i in range(50): print(i)\n```');
    const source = codeOf()!.source;
    expect(source).not.toContain('@everyone');
    expect(source).not.toContain('<@123>');
    expect(source).not.toContain('```');
    expect(source.split('\n')).toHaveLength(10);
    expect(t.adapter.last().text).toContain('51 lines in all');
  });

  it('given input() without stdin, hints at it', async () => {
    await t.say(alice, thread(), '```python\nname = input()\n```');
    expect(t.adapter.last().text).toContain('calls `input()` but no stdin was given');
  });

  it('given a lesson exercise declaring a newer Django than the playground, a failed run names both versions', async () => {
    const django = runner.service.runtime.django!;
    const newer = `${Number(django.split('.')[0]) + 1}.0`;
    const tree = makeContentTree({ steps: 2, written: 1 });
    const exercise = { id: 'demo-newer', title: 'Newer Django', task: 't', doneWhen: 'd', starter: 's', solution: 'print(1)', expectedOutput: '1\n', requiresDjango: newer };
    tree.writeLesson('demo', lesson(1, 'demo-step-1', { exercises: [exercise] }));
    const other = await createTestApp(tree.root, undefined, undefined, createPistonCodeRunner({ url: runner.url, token: TEST_TOKEN }));
    try {
      await other.command(alice, channel, 'lesson', { step: '1' });
      await other.say(alice, other.adapter.threads[0]!.conv, `\`\`\`python\nimport django\nassert django.VERSION[0] >= ${newer.split('.')[0]}, django.get_version()\n\`\`\``);
      const reply = other.adapter.last().text;
      expect(reply).toContain('Error (exit 1)');
      expect(reply).toContain(`Exercise **Newer Django** needs Django ${newer}; this playground runs Django ${django}, so it cannot run here as written.`);
    } finally {
      await other.close();
    }
  });

  it('given the runner is stopped, says so and the lesson still works', async () => {
    await runner.stop();
    await t.say(alice, thread(), '```python\nprint(1)\n```');
    expect(t.adapter.last().text).toBe("The Python runner isn't available right now (it did not answer). Everything else still works.");
    await t.command(alice, thread(), 'quiz', {});
    expect(t.adapter.last().text).toContain('Question 1 of');
  });
});

describe('given the bot built as main.ts builds it, with its runner unreachable', () => {
  it('given a run, the learner is told and the bot logs a runner failed warning with the reason and no token', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise((resolve) => probe.close(resolve));
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const db = path.join(mkdtempSync(path.join(tmpdir(), 'coach-db-')), 'coach.db');
    const config = parseConfig({
      DATABASE_URL: `file:${db}`,
      CONTENT_DIR: makeContentTree().root,
      DEFAULT_TRACK: 'demo',
      LEARNING_RUNNER_ENABLED: 'yes',
      RUNNER_URL: closedUrl,
      RUNNER_TOKEN: TEST_TOKEN,
    });
    const app = await buildApp(config, logger);
    const adapter = new RecordingAdapter();
    try {
      await app.coach.handle({ type: 'command', user: alice, conv: channel, name: 'run', args: { code: 'print(1)' } }, adapter);
      expect(adapter.last().text).toBe("The Python runner isn't available right now (it did not answer). Everything else still works.");
      const failures = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'runner failed');
      expect(failures).toEqual([expect.objectContaining({ level: 40, module: 'runner-client', reason: 'unreachable', runner: closedUrl, detail: 'ECONNREFUSED' })]);
      expect(lines.join('')).not.toContain(TEST_TOKEN);
    } finally {
      await app.close();
    }
  });
});
