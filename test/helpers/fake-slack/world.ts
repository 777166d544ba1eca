// A Slack workspace for tests: the fake Web API, a real app (SQLite, migrations, content), the real Slack
// adapter on an ephemeral port (or in Socket Mode), and Slack's side of the HTTP endpoint, signed.
import pino from 'pino';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/adapter.ts';
import type { SlackConfig } from '../../../src/config.ts';
import type { Clock, CodeRunner } from '../../../src/core/ports.ts';
import { learnerOverview } from '../../../src/core/progress/index.ts';
import { createTestApp, type TestApp } from '../app.ts';
import { SIGNING_SECRET, SlackRequests, type Person } from './requests.ts';
import { APP_TOKEN, BOT_TOKEN, FakeSlack, TEAM, type FakeMessage } from './server.ts';

export interface SlackWorld {
  fake: FakeSlack;
  t: TestApp;
  adapter: SlackAdapter;
  slack: SlackRequests;
  /** Every log line of the adapter at the world's log level, as written. */
  logLines: string[];
  /** Waits until every delivery so far is handled completely. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface WorldOptions {
  clock?: Clock;
  runner?: CodeRunner;
  socketMode?: boolean;
  adminUsergroup?: string;
  /** The adapter's log level (default info; trace to check what even debug lines hold). */
  logLevel?: string;
  /** The adapter's bound on work waiting for other requests' answers. */
  ackFirstMaxWaitMs?: number;
}

export const alice: Person = { id: 'UALICE', name: 'alice' };
export const bob: Person = { id: 'UBOB', name: 'bob' };
export const CHANNEL = 'CSTUDY';

export async function startSlackWorld(contentDir: string, options: WorldOptions = {}): Promise<SlackWorld> {
  const fake = await FakeSlack.start();
  for (const p of [alice, bob]) fake.users.set(p.id, { id: p.id, name: p.name, tz: 'Europe/Berlin' });
  const t = await createTestApp(contentDir, options.clock, undefined, options.runner);
  const logLines: string[] = [];
  const logger = pino({ level: options.logLevel ?? 'info' }, { write: (line: string) => void logLines.push(line) });
  const config: SlackConfig = {
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    port: 0,
    apiUrl: fake.apiUrl,
    ...(options.socketMode ? { appToken: APP_TOKEN } : {}),
    ...(options.adminUsergroup ? { adminUsergroup: options.adminUsergroup } : {}),
  };
  const adapter = createSlackAdapter({
    config,
    logger,
    overview: (user) => learnerOverview(t.app.coach.deps, user),
    // A short back-off for failed calls keeps tests fast; a 429 still waits its full Retry-After.
    clientOptions: { retryConfig: { retries: 3, minTimeout: 10, maxTimeout: 50 } },
    ...(options.ackFirstMaxWaitMs === undefined ? {} : { ackFirstMaxWaitMs: options.ackFirstMaxWaitMs }),
  });
  t.app.coach.attach(adapter);
  await adapter.start((event) => t.app.coach.handle(event, adapter));
  const slack = new SlackRequests(`http://127.0.0.1:${adapter.port ?? 0}/slack/events`, fake);
  return {
    fake,
    t,
    adapter,
    slack,
    logLines,
    settle: () => adapter.idle(),
    async close() {
      await adapter.stop();
      await fake.stop();
      await t.close();
    },
  };
}

/** A message's text as a person reads it: sections, headers and context joined, mrkdwn marks and entities undone. */
export function readText(message: Pick<FakeMessage, 'blocks' | 'text'>): string {
  if (message.blocks.length === 0) return decode(message.text);
  const parts: string[] = [];
  for (const block of message.blocks) {
    if (block.type === 'section' || block.type === 'header') parts.push(block.text?.text ?? '');
    else if (block.type === 'context') parts.push(...(block.elements ?? []).map((e: { text?: string }) => e.text ?? ''));
  }
  return parts.map((p) => decode(unbold(p))).join('\n');
}

function unbold(mrkdwn: string): string {
  let inFence = false;
  return mrkdwn
    .split('\n')
    .map((line) => {
      if (line.startsWith('```')) {
        inFence = !inFence;
        return line;
      }
      return inFence ? line : line.replace(/(^|[^\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])/g, '$1$2');
    })
    .join('\n');
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export { TEAM };
