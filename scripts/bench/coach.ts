// Coach benchmark: quiz answers through the core and SQLite, cold start of `npm start` to its first
// output, and resident memory after content import. Standalone: npx tsx scripts/bench/coach.ts
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, round } from './stats.ts';
import { ARRIVALS_PER_SECOND, LEARNERS, concurrentAnswers, sequentialAnswers, steadyArrivals, type QuizFigures } from './quiz.ts';

const COLD_STARTS = 5;
const root = path.resolve(import.meta.dirname, '../..');
const tempDb = () => `file:${path.join(mkdtempSync(path.join(tmpdir(), 'coach-bench-')), 'coach.db')}`;

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
  const quiz = { sequential: await sequentialAnswers(), concurrent: await concurrentAnswers(), steady: await steadyArrivals() };
  const line = (f: QuizFigures) => `${f.answers} answers (${f.recorded} recorded) · median ${f.medianMs} ms · p99 ${f.p99Ms} ms · ${f.answersPerSecond} answers/s`;
  console.log(`quiz answers, one after another, ${LEARNERS} learners: ${line(quiz.sequential)}`);
  console.log(`quiz answers, ${LEARNERS} learners at once, each as fast as it can: ${line(quiz.concurrent)}  (target >= 500 answers/s)`);
  console.log(`quiz answers arriving at ${ARRIVALS_PER_SECOND}/s from ${LEARNERS} learners, latency from arrival: ${line(quiz.steady)}  (target p99 < 15 ms)`);
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
