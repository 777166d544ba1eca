// Coach benchmark: quiz answers through the core and SQLite, cold start of `npm start` to its first
// output, and resident memory after content import. Standalone: npx tsx scripts/bench/coach.ts
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { buildApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import type { ConvRef, UserRef } from '../../src/core/messages.ts';
import { RecordingAdapter } from '../../test/helpers/recording-adapter.ts';
import { median, percentile, round } from './stats.ts';

const LEARNERS = 50;
const ANSWERS = 2000;
const COLD_STARTS = 5;
const root = path.resolve(import.meta.dirname, '../..');
const tempDb = () => `file:${path.join(mkdtempSync(path.join(tmpdir(), 'coach-bench-')), 'coach.db')}`;

export async function quizAnswers() {
  const app = await buildApp(parseConfig({ DATABASE_URL: tempDb(), LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
  const channel: ConvRef = { platform: 'console', workspaceId: 'bench', channelId: 'main' };
  const learners = Array.from({ length: LEARNERS }, (_, i) => ({
    user: { platform: 'console', id: `bench-${i}`, name: `Learner ${i}` } as UserRef,
    adapter: new RecordingAdapter(`learner-${i}-`),
  }));
  const startQuiz = async (l: (typeof learners)[number]) => {
    await app.coach.handle({ type: 'command', user: l.user, conv: channel, name: 'quiz', args: { scope: 'django' } }, l.adapter);
    return l.adapter.threads.at(-1)!.conv;
  };
  const threads = await Promise.all(learners.map(startQuiz));
  const samples: number[] = [];
  const started = performance.now();
  for (let n = 0; n < ANSWERS; n++) {
    const i = n % LEARNERS;
    const learner = learners[i]!;
    const button = learner.adapter.lastButtons().find((b) => b.actionId === 'quiz');
    if (!button) {
      threads[i] = await startQuiz(learner); // session over: start the next one (not timed)
      n--;
      continue;
    }
    const t0 = performance.now();
    await app.coach.handle({ type: 'action', user: learner.user, conv: threads[i]!, messageId: `m${n}`, actionId: button.actionId, value: button.value }, learner.adapter);
    samples.push(performance.now() - t0);
    learner.adapter.posted.length = 0; // keep memory flat; the next question is re-posted on every answer
  }
  const elapsed = performance.now() - started;
  const recorded = app.db.sql.get<{ n: number }>('SELECT count(*) AS n FROM "QuizAttempt"')!.n;
  await app.close();
  return { answers: samples.length, recorded, medianMs: round(median(samples), 2), p99Ms: round(percentile(samples, 99), 2), answersPerSecond: Math.round(samples.length / (elapsed / 1000)) };
}

/** Time from spawning `npm start` to its first byte of output (the reply to /help). */
function coldStart(database: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('npm', ['start', '--silent'], { cwd: root, env: { ...process.env, DATABASE_URL: database, LOG_LEVEL: 'warn' }, stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdout.once('data', () => {
      resolve(performance.now() - t0);
      child.stdin.end();
    });
    child.on('error', reject);
    child.stdin.write('/help\n');
  });
}

/** RSS of a fresh process after migrations and content import, measured inside that process. */
function rssAfterImport(database: string): Promise<number> {
  const code = `
    const { buildApp } = await import(${JSON.stringify(pathToFileURL(path.join(root, 'src/app.ts')).href)});
    const { parseConfig } = await import(${JSON.stringify(pathToFileURL(path.join(root, 'src/config.ts')).href)});
    const pino = (await import('pino')).default;
    const app = await buildApp(parseConfig({ DATABASE_URL: ${JSON.stringify(database)}, CONTENT_DIR: ${JSON.stringify(path.join(root, 'content'))} }), pino({ level: 'silent' }));
    process.stdout.write(String(process.memoryUsage().rss));
    await app.close();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (status) => (status === 0 ? resolve(Number(out) / 2 ** 20) : reject(new Error(`rss probe exited ${status}`))));
  });
}

export async function benchCoach(): Promise<Record<string, unknown>> {
  const quiz = await quizAnswers();
  console.log(`quiz answers: ${quiz.answers} from ${LEARNERS} learners (${quiz.recorded} recorded) · median ${quiz.medianMs} ms · p99 ${quiz.p99Ms} ms · ${quiz.answersPerSecond} answers/s  (target p99 < 15 ms)`);
  const database = tempDb();
  // The very first start also creates the database and imports every lesson; later starts find it in place.
  const firstStart = Math.round(await coldStart(database));
  const starts: number[] = [];
  for (let i = 0; i < COLD_STARTS; i++) starts.push(await coldStart(database));
  const coldStartMs = { median: Math.round(median(starts)), max: Math.round(Math.max(...starts)), firstEver: firstStart };
  console.log(`cold start (new process, npm start to first reply, ${COLD_STARTS} runs): median ${coldStartMs.median} ms · max ${coldStartMs.max} ms · very first start with full import ${firstStart} ms  (target < 1500 ms)`);
  const rssDatabase = tempDb();
  const rssMb = { firstImport: round(await rssAfterImport(rssDatabase)), warmStart: round(await rssAfterImport(rssDatabase)) };
  console.log(`RSS after content import: first import (all 48 lessons parsed and written) ${rssMb.firstImport} MB · warm start ${rssMb.warmStart} MB  (target < 150 MB)`);
  return { quiz, coldStartMs, rssMb };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchCoach();
}
