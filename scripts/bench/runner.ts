// Runner benchmark, side by side in one run: a bare `python3 -I -c pass` spawned from Node against a
// hello-world job through the runner's HTTP API (median, p99, ratio), jobs per second at full concurrency,
// 200 queued submissions that must all come back, and how long print(1) waits after busy loops whose
// callers hung up (their jobs must be killed, not left to run to the wall clock). The runner runs as its own process, as deployed
// (`npm run runner`), so the client's and the server's event loops do not slow each other down.
// Standalone: npx tsx scripts/bench/runner.ts
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { SYSTEM_PYTHON } from '../../src/runner/sandbox-command.ts';
import { percentile, round } from './stats.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLES = 100;
const THROUGHPUT_JOBS = 80;
const QUEUED_JOBS = 200;
const TOKEN = 'bench-token-0123456789abcdef';
const TARGET_RATIO = 2;
const ABANDONED_LOOPS = 4;
const ABANDON_AFTER_MS = 1000;
const ABANDON_ROUNDS = 5;
// Far above the abandon delay: a print(1) that waited for the loops' wall clock would show it plainly.
const ABANDON_WALL_MS = 20_000;

function bareSpawn(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(SYSTEM_PYTHON.path, ['-I', '-c', 'pass'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`python exited ${code}`))));
  });
}

async function execute(url: string, code: string, signal?: AbortSignal): Promise<{ ms: number; stdout: string }> {
  const started = performance.now();
  const response = await fetch(`${url}/api/v2/execute`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: TOKEN },
    body: JSON.stringify({ language: 'python', version: '*', files: [{ content: code }] }),
    ...(signal ? { signal } : {}),
  });
  const body = (await response.json()) as { run?: { stdout: string }; message?: string };
  if (!response.ok || !body.run) throw new Error(`runner answered ${response.status}: ${body.message ?? ''}`);
  return { ms: performance.now() - started, stdout: body.run.stdout };
}

/** Starts `src/runner/main.ts` like `npm run runner` does and resolves with its URL once it is ready. */
async function startRunnerProcess(queueLimit: number, extraEnv: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/runner/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      LEARNING_RUNNER_ENABLED: 'true',
      RUNNER_PORT: '0',
      RUNNER_TOKEN: TOKEN,
      RUNNER_QUEUE_LIMIT: String(queueLimit),
      RUNNER_UID_BASE: '62000',
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'runner ready' && entry.url) resolve(entry.url);
    });
    child.on('exit', (code) => reject(new Error(`runner exited with ${code} before it was ready`)));
  });
  return { url, child };
}

async function withRunner<T>(queueLimit: number, use: (url: string) => Promise<T>, extraEnv: Record<string, string> = {}): Promise<T> {
  const { url, child } = await startRunnerProcess(queueLimit, extraEnv);
  try {
    return await use(url);
  } finally {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

export async function benchRunner(): Promise<Record<string, unknown>> {
  const cores = availableParallelism();
  await bareSpawn(); // warm the page cache for both sides
  const bare: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) bare.push(await bareSpawn());

  const { http, jobsPerSecond } = await withRunner(THROUGHPUT_JOBS, async (url) => {
    for (let i = 0; i < 3; i += 1) await execute(url, 'print("hello")');
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i += 1) samples.push((await execute(url, 'print("hello")')).ms);
    const started = performance.now();
    await Promise.all(Array.from({ length: THROUGHPUT_JOBS }, () => execute(url, 'print("hello")')));
    return { http: samples, jobsPerSecond: THROUGHPUT_JOBS / ((performance.now() - started) / 1000) };
  });

  const queued = await withRunner(QUEUED_JOBS, async (url) => {
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: QUEUED_JOBS }, (_, i) => execute(url, `print(${i})`)));
    const answered = results.filter((r, i) => r.status === 'fulfilled' && r.value.stdout === `${i}\n`).length;
    return { submitted: QUEUED_JOBS, answered, lost: QUEUED_JOBS - answered, seconds: round((performance.now() - started) / 1000) };
  });

  const afterAbandoned = await withRunner(
    THROUGHPUT_JOBS,
    async (url) => {
      const samples: number[] = [];
      for (let round = 0; round < ABANDON_ROUNDS; round += 1) {
        const loops = Array.from({ length: ABANDONED_LOOPS }, () => execute(url, 'while True: pass', AbortSignal.timeout(ABANDON_AFTER_MS)).catch(() => null));
        await Promise.all(loops);
        const { ms, stdout } = await execute(url, 'print(1)');
        if (stdout !== '1\n') throw new Error(`print(1) printed ${JSON.stringify(stdout)}`);
        samples.push(ms);
      }
      return samples;
    },
    { RUNNER_WALL_MS: String(ABANDON_WALL_MS) },
  );

  const bareMedian = percentile(bare, 50);
  const httpMedian = percentile(http, 50);
  const figures = {
    cores,
    bareSpawnMs: { median: round(bareMedian), p99: round(percentile(bare, 99)), samples: SAMPLES },
    httpHelloMs: { median: round(httpMedian), p99: round(percentile(http, 99)), samples: SAMPLES },
    ratioHttpToBare: round(httpMedian / bareMedian),
    ratioTarget: TARGET_RATIO,
    jobsPerSecond: round(jobsPerSecond),
    queued,
    printAfterAbandonedMs: { median: round(percentile(afterAbandoned, 50)), max: round(Math.max(...afterAbandoned)), loops: ABANDONED_LOOPS, rounds: ABANDON_ROUNDS },
  };
  console.log('runner benchmark');
  console.log(`  bare python3 -I -c pass   median ${figures.bareSpawnMs.median} ms   p99 ${figures.bareSpawnMs.p99} ms   (n=${SAMPLES})`);
  console.log(`  hello world over HTTP     median ${figures.httpHelloMs.median} ms   p99 ${figures.httpHelloMs.p99} ms   (n=${SAMPLES})`);
  console.log(`  ratio HTTP / bare         ${figures.ratioHttpToBare}x   (target <= ${TARGET_RATIO}x)${figures.ratioHttpToBare > TARGET_RATIO ? '  OVER TARGET' : ''}`);
  console.log(`  throughput                ${figures.jobsPerSecond} jobs/s with ${cores} slots (${THROUGHPUT_JOBS} jobs)`);
  console.log(`  queued submissions        ${queued.answered}/${queued.submitted} answered, ${queued.lost} lost, ${queued.seconds} s`);
  const abandoned = figures.printAfterAbandonedMs;
  console.log(`  print(1) after ${ABANDONED_LOOPS} abandoned busy loops   median ${abandoned.median} ms   max ${abandoned.max} ms   (${ABANDON_ROUNDS} rounds, wall limit ${ABANDON_WALL_MS} ms)`);
  if (queued.lost > 0) throw new Error(`${queued.lost} of ${queued.submitted} queued jobs were lost`);
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchRunner().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
