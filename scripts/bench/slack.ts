// 1,000 signed interaction requests (quiz-answer clicks, HMAC-signed as Slack signs them) to the real Slack
// adapter over HTTP, against the fake Web API: the time from sending each request to its HTTP
// acknowledgement, timed by a client in a worker thread. 50 learners in their own quiz threads, 20 rounds,
// two ways: arriving at a steady 20 clicks a second (a busy workspace), and all 50 at once (a burst). The work each click
// causes (the attempt recorded, chat.update, the next question) runs after the acknowledgement, as on Slack.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { findButton, signedHeaders, startSlackWorld, type Person, type SlackWorld } from '../../test/helpers/fake-slack/index.ts';
import { CHANNEL } from '../../test/helpers/fake-slack/world.ts';
import { median, percentile, round } from './stats.ts';

/** What the worker (slack-client.mjs) is given: signed requests, sent `intervalMs` apart (0: at once). */
interface ClientBatch {
  endpoint: string;
  intervalMs: number;
  requests: { body: string; headers: Record<string, string> }[];
}

export const SLACK_LEARNERS = 50;
export const SLACK_REQUESTS = 1000;

export interface AckFigures {
  requests: number;
  acknowledged: number;
  medianMs: number;
  p99Ms: number;
  maxMs: number;
  attemptsRecorded: number;
  /** From each request reaching the server to its response written, as the adapter measures it. */
  serverMedianMs: number;
  serverP99Ms: number;
  /** Main-thread CPU per click (adapter, core, SQLite and the fake Web API together): independent of other load. */
  cpuMsPerClick: number;
  /**
   * 50 at once: main-thread CPU from sending a round to the last of its responses written (median over
   * rounds; Linux only): what the last acknowledgement waits for besides the client, robust to other load.
   */
  cpuMsToLastAck?: number;
}

/** The main thread's own CPU time so far, in ms (Linux: /proc schedstat, in ns), else undefined. */
function mainThreadCpuMs(): number | undefined {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

export interface SlackFigures {
  steady20PerSecond: AckFigures;
  burstOf50: AckFigures;
}

const threads = new Map<string, string>();

/** The learner's open question in their quiz thread; when the session ended, a new quiz (untimed). */
async function currentQuestion(w: SlackWorld, learner: Person): Promise<{ message: any; element: any }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const thread = threads.get(learner.id);
    const found = thread ? findButton(w.fake.seenBy(learner.id, CHANNEL, thread), 'A') : undefined;
    if (found && String(found.element.action_id).startsWith('quiz#')) return found;
    const before = w.fake.threads().length;
    await w.slack.command(learner, CHANNEL, 'quiz django');
    await w.settle();
    threads.set(learner.id, w.fake.threads()[before]!.ts);
  }
  throw new Error(`${learner.name} has no question to answer`);
}

async function run(intervalMs: number): Promise<AckFigures> {
  threads.clear();
  const w = await startSlackWorld(path.resolve('content'), { logLevel: 'silent' });
  const client = new Worker(new URL('./slack-client.mjs', import.meta.url));
  try {
    const learners: Person[] = Array.from({ length: SLACK_LEARNERS }, (_, i) => ({ id: `UBENCH${i}`, name: `learner${i}` }));
    for (const l of learners) w.fake.users.set(l.id, { id: l.id, name: l.name });
    await w.t.app.db.checkpointing;
    const send = (requests: ClientBatch['requests']) =>
      new Promise<{ status: number; ackMs: number }[]>((resolve) => {
        client.once('message', resolve);
        client.postMessage({ endpoint: w.slack.endpoint, intervalMs, requests } satisfies ClientBatch);
      });
    const samples: number[] = [];
    let acknowledged = 0;
    let cpuMicros = 0;
    const server: number[] = [];
    const toLastAck: number[] = [];
    // The responses the adapter's server writes (its acknowledgements, not the fake Web API's answers), per round.
    let written = 0;
    let lastAckCpu: number | undefined;
    const onWritten = (message: unknown) => {
      const address = (message as { server?: { address(): unknown } }).server?.address();
      if (!address || typeof address !== 'object' || (address as { port?: number }).port !== w.adapter.port) return;
      if (++written === SLACK_LEARNERS) lastAckCpu = mainThreadCpuMs();
    };
    subscribe('http.server.response.finish', onWritten);
    for (let round = 0; round < SLACK_REQUESTS / SLACK_LEARNERS; round++) {
      const requests: ClientBatch['requests'] = [];
      for (const l of learners) {
        const q = await currentQuestion(w, l);
        const body = w.slack.clickBody(l, q.message, q.element);
        requests.push({ body, headers: signedHeaders(body, 'application/x-www-form-urlencoded') });
      }
      const cpu = process.cpuUsage();
      written = 0;
      lastAckCpu = undefined;
      const roundCpu = mainThreadCpuMs();
      for (const d of await send(requests)) {
        samples.push(d.ackMs);
        if (d.status === 200) acknowledged++;
      }
      await w.settle();
      // This round's clicks are the adapter's last responses (the untimed quiz starts came before them).
      server.push(...w.adapter.recentResponseTimes().slice(-requests.length));
      const used = process.cpuUsage(cpu);
      cpuMicros += used.user + used.system;
      // Only meaningful for a burst: at a steady rate the last acknowledgement comes after the whole round's work.
      if (intervalMs === 0 && roundCpu !== undefined && lastAckCpu !== undefined) toLastAck.push(lastAckCpu - roundCpu);
    }
    unsubscribe('http.server.response.finish', onWritten);
    return {
      requests: samples.length,
      acknowledged,
      medianMs: round(median(samples), 2),
      p99Ms: round(percentile(samples, 99), 2),
      maxMs: round(Math.max(...samples), 2),
      attemptsRecorded: w.t.count('QuizAttempt'),
      // process.cpuUsage counts every thread: the worker's share (the client) is included, a small part.
      serverMedianMs: round(median(server), 2),
      serverP99Ms: round(percentile(server, 99), 2),
      cpuMsPerClick: round(cpuMicros / 1000 / samples.length, 2),
      ...(toLastAck.length > 0 ? { cpuMsToLastAck: round(median(toLastAck), 1) } : {}),
    };
  } finally {
    await client.terminate();
    await w.close();
  }
}

/** `only`: one of the two ways (`npx tsx scripts/bench/slack.ts burst`, e.g. to profile it alone). */
export async function benchSlack(only?: 'steady' | 'burst'): Promise<Partial<SlackFigures>> {
  const show = (label: string, f: AckFigures) =>
    console.log(`slack ${label}: ${f.requests} signed clicks, ${f.acknowledged} acknowledged: median ${f.medianMs} ms, p99 ${f.p99Ms} ms (max ${f.maxMs}); server side median ${f.serverMedianMs} ms, p99 ${f.serverP99Ms} ms; ${f.attemptsRecorded} attempts recorded; ${f.cpuMsPerClick} ms CPU a click${f.cpuMsToLastAck === undefined ? '' : `, ${f.cpuMsToLastAck} ms main-thread CPU before a round's last acknowledgement`} (load average ${loadavg()[0]!.toFixed(1)})`);
  const figures: Partial<SlackFigures> = {};
  if (only !== 'burst') show('at a steady 20/s', (figures.steady20PerSecond = await run(50)));
  if (only !== 'steady') show('50 at once', (figures.burstOf50 = await run(0)));
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv[2];
  if (only !== undefined && only !== 'steady' && only !== 'burst') throw new Error('usage: slack.ts [steady|burst]');
  await benchSlack(only);
}
