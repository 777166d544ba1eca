// A real app (SQLite file in a temp dir, real migrations, real importer) for service tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp, type App } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import type { Clock, CodeRunner } from '../../src/core/ports.ts';
import type { ConvRef, InboundEvent, UserRef } from '../../src/core/messages.ts';
import { RecordingAdapter } from './recording-adapter.ts';

export interface TestApp {
  app: App;
  adapter: RecordingAdapter;
  dbFile: string;
  command(user: UserRef, conv: ConvRef, name: string, args?: Record<string, string>): Promise<void>;
  press(user: UserRef, conv: ConvRef, actionId: string, value: string): Promise<void>;
  say(user: UserRef, conv: ConvRef, text: string, options?: { messageId?: string; edited?: boolean }): Promise<void>;
  /** Rows of a table (booleans as 0/1, timestamps as stored text), for exact assertions on what was kept. */
  rows<T = Record<string, unknown>>(table: string, where?: string): T[];
  /** Log lines at warn and above, parsed. */
  logs: Record<string, unknown>[];
  count(table: string, where?: string): number;
  close(): Promise<void>;
}

/** env: further variables for the bot's config, e.g. RUNNER_RUNS_PER_MINUTE. */
export async function createTestApp(contentDir: string, clock?: Clock, dbFile?: string, runner?: CodeRunner, env: Record<string, string> = {}): Promise<TestApp> {
  const file = dbFile ?? path.join(mkdtempSync(path.join(tmpdir(), 'coach-db-')), 'coach.db');
  const config = parseConfig({ DATABASE_URL: `file:${file}`, CONTENT_DIR: contentDir, DEFAULT_TRACK: 'demo', ...env });
  const logs: Record<string, unknown>[] = [];
  const sink = { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) };
  const app = await buildApp(config, pino({ level: 'warn' }, sink), { ...(clock ? { clock } : {}), ...(runner ? { runner } : {}) });
  const adapter = new RecordingAdapter();
  const send = (event: InboundEvent) => app.coach.handle(event, adapter);
  let n = 0;
  return {
    app,
    adapter,
    dbFile: file,
    command: (user, conv, name, args = {}) => send({ type: 'command', user, conv, name, args }),
    // A press comes from the message showing the button, as on every platform; a forged value from nowhere.
    press: (user, conv, actionId, value) => send({ type: 'action', user, conv, messageId: adapter.holding(actionId, value)?.messageId ?? `forged-${++n}`, actionId, value }),
    say: (user, conv, text, options = {}) => send({ type: 'message', user, conv, messageId: options.messageId ?? `msg-${++n}`, text, ...(options.edited ? { edited: true } : {}) }),
    logs,
    rows: <T,>(table: string, where?: string) => app.db.sql.all<T>(`SELECT * FROM "${table}"${where ? ` WHERE ${where}` : ''} ORDER BY rowid`),
    count: (table, where) => app.db.sql.get<{ n: number }>(`SELECT count(*) AS n FROM "${table}"${where ? ` WHERE ${where}` : ''}`)!.n,
    close: () => app.close(),
  };
}
