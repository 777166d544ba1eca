// Drill benchmark (issue 12):
//   1. 10,000 drills due in the same minute: time for one scheduler tick to create every run and hand its
//      posts (thread + questions) to a fake adapter, and the extra memory (each run in a fresh process);
//   2. 500 members answering one question at once: median and p99 from the click to the "locked in" reply;
//   3. how long 10,000 posts take under Discord's and Slack's published rate limits with the scheduler's
//      pacing (its pool of runs in flight, each run's posts one after another), computed, not waited for.
// Standalone: npx tsx scripts/bench/drills.ts
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { buildApp, type App } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import type { Adapter, Clock } from '../../src/core/ports.ts';
import type { ConvRef, InboundEvent, OutboundMessage } from '../../src/core/messages.ts';
import { parseSchedule } from '../../src/core/drills/index.ts';
import { insertDrill } from '../../src/db/drills.ts';
import { DEFAULT_CONCURRENCY } from '../../src/scheduler/drill-scheduler.ts';
import { median, percentile, round } from './stats.ts';
import { interleaveWorkspaces } from '../../src/scheduler/run-posting.ts';

export const DUE_DRILLS = 10_000;
export const ANSWERS = 500;
const RUNS = 3;
const self = fileURLToPath(import.meta.url);
const root = path.resolve(import.meta.dirname, '../..');
const tempDb = () => `file:${path.join(mkdtempSync(path.join(tmpdir(), 'coach-bench-')), 'coach.db')}`;

/** A platform that accepts everything at once and keeps only counts and ids, as a real one keeps nothing here. */
class CountingAdapter implements Adapter {
  readonly platform = 'discord' as const;
  readonly limits = { maxTextLength: 2000, maxButtonsPerRow: 5, maxRows: 5, privateReplies: true, forms: true };
  threads = 0;
  posts = 0;
  updates = 0;
  private counter = 0;
  async start(_onEvent: (e: InboundEvent) => Promise<void>) {}
  async stop() {}
  async post(_conv: ConvRef, _msg: OutboundMessage) {
    this.posts++;
    return { messageId: `m${++this.counter}` };
  }
  async update() {
    this.updates++;
  }
  async startThread(conv: ConvRef) {
    this.threads++;
    return { ...conv, threadId: `t${++this.counter}` };
  }
}

class BenchClock implements Clock {
  constructor(public current: Date) {}
  now = () => new Date(this.current);
}

async function appAt(clock: BenchClock): Promise<{ app: App; chat: CountingAdapter }> {
  const app = await buildApp(parseConfig({ DATABASE_URL: tempDb(), LOG_LEVEL: 'silent', CONTENT_DIR: path.join(root, 'content') }), pino({ level: 'silent' }), { clock });
  const chat = new CountingAdapter();
  app.coach.attach(chat);
  await app.db.checkpointing;
  return { app, chat };
}

export interface FireFigures {
  part: 'tick' | 'create';
  drills: number;
  runsCreated: number;
  threads: number;
  posts: number;
  ms: number;
  /** CPU time (user + system): what the work costs when the machine is shared. */
  cpuMs: number;
  extraRssMb: number;
  extraHeapMb: number;
}

/**
 * One measurement of the 10,000-drill minute (run in its own process, with --expose-gc): the whole tick
 * (create every run, hand each run's thread and questions to the adapter, record each step), or the
 * creation alone.
 */
async function fireOnce(part: 'tick' | 'create'): Promise<FireFigures> {
  const clock = new BenchClock(new Date('2026-12-07T07:00:00Z'));
  const { app, chat } = await appAt(clock);
  const parsed = parseSchedule('weekdays 09:00', 'Europe/Paris', clock.now());
  if (!parsed.ok) throw new Error(parsed.reason);
  app.db.sql.write((tx) => {
    for (let i = 0; i < DUE_DRILLS; i++) {
      insertDrill(tx, {
        name: `Drill ${i}`, channel: { platform: 'discord', workspaceId: `guild-${i % 100}`, channelId: `channel-${i}` }, scheduleLabel: 'weekdays 09:00',
        cron: parsed.schedule.cron.expression, timeZone: 'Europe/Paris', trackId: 'django', lessonIds: null, questions: 3, windowMinutes: 10, graceMinutes: 30, createdBy: 'bench',
      }, parsed.next, clock.now());
    }
  });
  clock.current = parsed.next.at;
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  // rss() alone and every 50 ms: reading it costs up to 0.5 ms on a busy machine, which would count as the tick's.
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const runsCreated = part === 'create' ? app.drills.createDue(clock.now()).created : (await app.drills.tick()).created;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  const after = process.memoryUsage();
  peakRss = Math.max(peakRss, after.rss);
  const figures = {
    part,
    drills: DUE_DRILLS,
    runsCreated,
    threads: chat.threads,
    posts: chat.posts,
    ms: round(ms),
    cpuMs: round((cpu.user + cpu.system) / 1000),
    extraRssMb: round((peakRss - before.rss) / 2 ** 20),
    extraHeapMb: round((after.heapUsed - before.heapUsed) / 2 ** 20),
  };
  await app.close();
  return figures;
}

export interface AnswerFigures {
  answers: number;
  recorded: number;
  medianMs: number;
  p99Ms: number;
}

/** 500 first-time members click at the same instant; each latency runs from the click to its reply. */
async function answersOnce(): Promise<AnswerFigures> {
  const clock = new BenchClock(new Date('2026-12-07T07:00:00Z'));
  const { app, chat } = await appAt(clock);
  const room: ConvRef = { platform: 'discord', workspaceId: 'guild', channelId: 'room' };
  const lead = { platform: 'discord' as const, id: 'lead', name: 'Lead' };
  await app.coach.handle({ type: 'command', user: lead, conv: room, name: 'drill', args: { action: 'create', drill: 'Bench', schedule: 'weekdays 09:00', timezone: 'Europe/Paris', track: 'django', questions: '1' }, isAdmin: true }, chat);
  clock.current = new Date('2026-12-07T08:00:00Z');
  await app.drills.tick();
  const run = app.db.sql.get<{ id: string; thread: string }>(`SELECT "id", "thread" FROM "DrillRun"`)!;
  const thread = JSON.parse(run.thread) as ConvRef;
  const samples = await Promise.all(
    Array.from({ length: ANSWERS }, async (_, n) => {
      const t0 = performance.now();
      const user = { platform: 'discord' as const, id: `member-${n}`, name: `Member ${n}` };
      await app.coach.handle({ type: 'action', user, conv: thread, messageId: 'm', actionId: 'drill', value: `${run.id}:1:${'abc'[n % 3]}`, eventId: `click-${n}` }, chat);
      return performance.now() - t0;
    }),
  );
  const recorded = app.db.sql.get<{ n: number }>(`SELECT count(*) AS "n" FROM "DrillAnswer"`)!.n;
  await app.close();
  return { answers: ANSWERS, recorded, medianMs: round(median(samples), 2), p99Ms: round(percentile(samples, 99), 2) };
}

function inChild<T>(mode: 'tick' | 'create' | 'answers'): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', self], { cwd: root, env: { ...process.env, BENCH_DRILLS_ONE: mode }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`drill bench child exited ${code}`))));
  });
}

/** The median run of several, by the figure that matters. */
function medianBy<T>(runs: T[], key: keyof T): T & { runs: number[] } {
  const sorted = [...runs].sort((a, b) => (a[key] as number) - (b[key] as number));
  return { ...sorted[Math.floor(sorted.length / 2)]!, runs: runs.map((r) => r[key] as number) };
}

// ---- Posting under the platforms' rate limits (computed) ----

interface Bucket {
  capacity: number;
  perSecond: number;
  tokens: number;
  at: number;
}
const bucket = (capacity: number, perSecond: number): Bucket => ({ capacity, perSecond, tokens: capacity, at: 0 });

/** When a request may go (ms), taking one token from each bucket. */
function take(buckets: Bucket[], wanted: number): number {
  let start = wanted;
  for (const b of buckets) {
    const tokens = Math.min(b.capacity, b.tokens + ((start - b.at) * b.perSecond) / 1000);
    if (tokens < 1) start += ((1 - tokens) * 1000) / b.perSecond;
  }
  for (const b of buckets) {
    b.tokens = Math.min(b.capacity, b.tokens + ((start - b.at) * b.perSecond) / 1000) - 1;
    b.at = start;
  }
  return start;
}

export interface PacingLimits {
  name: string;
  /** Across the bot (Discord) or the workspace (Slack). */
  shared: { capacity: number; perSecond: number };
  perChannel: { capacity: number; perSecond: number };
  channelsPerShared: number;
}

/**
 * Seconds until `posts` posts are accepted: runs of `postsPerRun` posts each in their own channel, `pool` runs
 * in flight (as the scheduler does), each request taking `rttMs` once it may go.
 */
export function postingSeconds(limits: PacingLimits, posts: number, postsPerRun: number, pool: number, rttMs = 100): number {
  const runs = Math.ceil(posts / postsPerRun);
  // Drills numbered workspace by workspace, as leads create them; posted in the scheduler's order.
  const created = Array.from({ length: runs }, (_, run) => ({ group: Math.floor(run / limits.channelsPerShared), drill: { channel: { platform: limits.name, workspaceId: String(Math.floor(run / limits.channelsPerShared)) } } }));
  const order = interleaveWorkspaces(created);
  const shared = new Map<number, Bucket>();
  const workers = Array.from({ length: pool }, () => 0);
  let last = 0;
  for (const { group } of order) {
    const w = workers.indexOf(Math.min(...workers));
    if (!shared.has(group)) shared.set(group, bucket(limits.shared.capacity, limits.shared.perSecond));
    const channel = bucket(limits.perChannel.capacity, limits.perChannel.perSecond);
    let t = workers[w]!;
    for (let p = 0; p < postsPerRun; p++) t = take([shared.get(group)!, channel], t) + rttMs;
    workers[w] = t;
    last = Math.max(last, t);
  }
  return round(last / 1000);
}

/** Published limits: Discord 50 requests/s per bot, 5 messages per 5 s per channel; Slack chat.postMessage about 1 a second per channel and "several hundred a minute" per workspace (taken as 300). */
export const DISCORD: PacingLimits = { name: 'discord', shared: { capacity: 50, perSecond: 50 }, perChannel: { capacity: 5, perSecond: 1 }, channelsPerShared: Number.POSITIVE_INFINITY };
export const slackLimits = (channelsPerWorkspace: number): PacingLimits => ({ name: `slack (${channelsPerWorkspace} drill channels a workspace)`, shared: { capacity: 50, perSecond: 5 }, perChannel: { capacity: 1, perSecond: 1 }, channelsPerShared: channelsPerWorkspace });

export async function benchDrills(): Promise<Record<string, unknown>> {
  const ticks: FireFigures[] = [];
  const creations: FireFigures[] = [];
  for (let i = 0; i < RUNS; i++) {
    ticks.push(await inChild<FireFigures>('tick'));
    creations.push(await inChild<FireFigures>('create'));
  }
  const fire = medianBy(ticks, 'ms');
  const create = medianBy(creations, 'ms');
  console.log(`${DUE_DRILLS} drills due in one minute: ${fire.runsCreated} runs, ${fire.threads} threads, ${fire.posts} posts; whole tick ${fire.ms} ms (runs ${fire.runs.join(', ')}; CPU ${fire.cpuMs} ms), +${fire.extraRssMb} MB RSS peak, +${fire.extraHeapMb} MB heap; creating the runs alone ${create.ms} ms (runs ${create.runs.join(', ')})`);
  const answers: AnswerFigures[] = [];
  for (let i = 0; i < RUNS; i++) answers.push(await inChild<AnswerFigures>('answers'));
  const answer = medianBy(answers, 'p99Ms');
  console.log(`${ANSWERS} concurrent answers to one question: ${answer.recorded} recorded, median ${answer.medianMs} ms, p99 ${answer.p99Ms} ms to the reply (p99 of runs ${answer.runs.join(', ')})`);
  const POSTS = 10_000;
  const pacing = [DISCORD, slackLimits(10_000), slackLimits(100)].map((limits) => ({
    platform: limits.name,
    seconds: Object.fromEntries([8, DEFAULT_CONCURRENCY].map((pool) => [`pool ${pool}`, postingSeconds(limits, POSTS, 2, pool)])),
  }));
  for (const p of pacing) console.log(`${POSTS} posts (2 a run) under ${p.platform} limits: ${JSON.stringify(p.seconds)} s`);
  return { fire, create, answer, pacing };
}

if (process.env.BENCH_DRILLS_ONE) {
  const mode = process.env.BENCH_DRILLS_ONE;
  const figures = mode === 'tick' || mode === 'create' ? await fireOnce(mode) : await answersOnce();
  process.stdout.write(JSON.stringify(figures));
  process.exit(0);
} else if (process.argv[1] === self) {
  console.log(JSON.stringify(await benchDrills(), null, 2));
}
