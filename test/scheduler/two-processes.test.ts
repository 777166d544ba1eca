// Two bot processes on one SQLite file, ticking at the same moment: real concurrent writers, so the
// lease and the run's unique key are tried against SQLite's own locking, not one event loop.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { makeContentTree } from '../helpers/content.ts';
import { drillHarness, SetClock, type DrillHarness } from './drill-harness.ts';

let h: DrillHarness | undefined;
afterEach(async () => h?.t.close());

const src = (file: string) => JSON.stringify(pathToFileURL(path.resolve(import.meta.dirname, '../../src', file)).href);

/** One process: an app on the file at a fixed time, a platform that counts threads, one tick; prints what it did. */
function tickInProcess(dbFile: string, contentDir: string, at: string): Promise<{ leader: boolean; created: number; posted: number; threads: number }> {
  const code = `
    const { buildApp } = await import(${src('app.ts')});
    const { parseConfig } = await import(${src('config.ts')});
    const pino = (await import('pino')).default;
    const clock = { now: () => new Date(${JSON.stringify(at)}) };
    const app = await buildApp(parseConfig({ DATABASE_URL: ${JSON.stringify(`file:${dbFile}`)}, CONTENT_DIR: ${JSON.stringify(contentDir)}, DEFAULT_TRACK: 'demo' }), pino({ level: 'silent' }), { clock });
    let threads = 0;
    app.coach.attach({ platform: 'discord', limits: { maxTextLength: 2000, maxButtonsPerRow: 5, maxRows: 5, privateReplies: true, forms: true },
      start: async () => {}, stop: async () => {}, update: async () => {},
      post: async () => ({ messageId: 'm' + Math.random() }),
      startThread: async (conv) => { threads++; return { ...conv, threadId: 't' + process.pid }; } });
    // Both processes wait for the same instant so their ticks overlap.
    await new Promise((r) => setTimeout(r, Math.max(0, ${Date.now() + 4000} - Date.now())));
    const report = await app.drills.tick();
    process.stdout.write(JSON.stringify({ leader: report.leader, created: report.created, posted: report.posted, threads }));
    await app.close();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => (status === 0 ? resolve(JSON.parse(out)) : reject(new Error(`tick process exited ${status}`))));
  });
}

describe('two scheduler processes on one SQLite file', () => {
  it('given both ticking when a drill is due, exactly one creates and posts the run', async () => {
    const root = makeContentTree().root;
    h = await drillHarness(root, new SetClock(new Date('2026-12-07T07:00:00Z')));
    await h.drill({ action: 'create', drill: 'Morning', schedule: 'weekdays 09:00', timezone: 'Europe/Paris', track: 'demo', questions: '2' });
    const reports = await Promise.all([tickInProcess(h.t.dbFile, root, '2026-12-07T08:00:05Z'), tickInProcess(h.t.dbFile, root, '2026-12-07T08:00:05Z')]);
    expect(reports.map((r) => r.leader).sort()).toEqual([false, true]);
    expect(reports.reduce((n, r) => n + r.created, 0)).toBe(1);
    expect(reports.reduce((n, r) => n + r.threads, 0)).toBe(1);
    expect(h.t.rows('DrillRun').map((r) => [r.slot, r.status])).toEqual([['2026-12-07T09:00', 'posted']]);
    expect(h.t.rows('SchedulerLease')).toHaveLength(1);
  }, 60_000);
});
