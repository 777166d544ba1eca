// `npm start` with DISCORD_TOKEN and DISCORD_APP_ID: the platform list loads discord.js and builds the
// Discord adapter only then (a terminal session never pays for it), and it serves the coach.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { configuredPlatforms } from '../../../src/platforms.ts';
import { parseConfig } from '../../../src/config.ts';
import type { Adapter } from '../../../src/core/ports.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { makeContentTree } from '../../helpers/content.ts';
import { FakeDiscord } from '../../helpers/fake-discord/index.ts';

let fake: FakeDiscord | undefined;
let t: TestApp | undefined;
let adapter: Adapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  await fake?.close();
  await t?.close();
});

it('given the Discord variables, npm start builds the Discord adapter and it serves the coach once started', async () => {
  fake = await FakeDiscord.start();
  t = await createTestApp(makeContentTree().root);
  const config = parseConfig({ DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl });
  const platforms = configuredPlatforms(config);
  expect(platforms.map((p) => p.name)).toEqual(['discord']);
  adapter = await platforms[0]!.create(t.app, config, pino({ level: 'silent' }));
  expect(adapter.limits).toEqual({ maxTextLength: 2000, maxButtonsPerRow: 5, maxRows: 5, forms: true, privateReplies: true });
  let handled = 0;
  t.app.coach.attach(adapter);
  await adapter.start(async (event) => {
    await t!.app.coach.handle(event, adapter!);
    handled += 1;
  });
  fake.command(fake.member('Alice'), fake.channel.id, 'confidence', { level: 5 });
  while (handled === 0) await new Promise((r) => setTimeout(r, 10));
  expect(t.rows('ConfidenceRating')).toMatchObject([{ value: 5 }]);
  expect(configuredPlatforms(parseConfig({}))).toEqual([]);
});

it('given the modules npm start loads before a platform starts, none imports discord.js or Bolt at load time', () => {
  for (const file of ['src/platforms.ts', 'src/adapters/discord/limits.ts']) {
    const source = readFileSync(path.resolve(file), 'utf8');
    const valueImports = [...source.matchAll(/^import (?!type )[^;]*from '([^']+)'/gm)].map((m) => m[1]);
    expect(valueImports.filter((spec) => spec === 'discord.js' || spec === '@slack/bolt' || spec!.endsWith('/adapter.ts') || spec!.endsWith('/render.ts'))).toEqual([]);
  }
});

it('given npm start with the Discord variables, it connects, answers a member, and stops cleanly on SIGTERM with exit code 0', async () => {
  fake = await FakeDiscord.start();
  const dir = mkdtempSync(path.join(tmpdir(), 'coach-start-'));
  const child = spawn('npm', ['start', '--silent'], {
    env: { ...process.env, DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl, DATABASE_URL: `file:${dir}/coach.db`, CONTENT_DIR: makeContentTree().root, DEFAULT_TRACK: 'demo', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<[number | null, string | null]>((resolve) => child.on('exit', (code, signal) => resolve([code, signal])));
  await fake.gateway.whenReady();
  const alice = fake.member('Alice');
  await fake.acknowledged(fake.command(alice, fake.channel.id, 'help'), 20_000);
  // /help is private: only Alice sees it, and nothing is in the channel.
  while (fake.state.ephemeralsFor(alice.user.id).length === 0) await new Promise((r) => setTimeout(r, 20));
  expect(fake.state.messages.filter((m) => m.ephemeralFor === undefined && !m.thinking)).toEqual([]);
  expect(fake.state.ephemeralsFor(alice.user.id)[0]!.api.content).toContain('Interview Coach commands');
  child.kill('SIGTERM');
  // npm's shell execs node (package.json), so the signal reaches the coach, which closes and exits 0.
  expect(await exited).toEqual([0, null]);
  const messages = log.split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { msg: string }).msg);
  expect(messages).toEqual(expect.arrayContaining(['platform connected', 'stopping']));
  expect(log).not.toContain(fake.token);
}, 60_000);
