// Quiz answers through the coach and SQLite, three ways: one learner after another (the old figure), 50
// learners answering as fast as they can at once (the throughput ceiling), and 50 learners whose answers
// arrive at a steady 500 a second (what latency a learner sees under that load).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { buildApp, type App } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import type { ConvRef, UserRef } from '../../src/core/messages.ts';
import { RecordingAdapter } from '../../test/helpers/recording-adapter.ts';
import { median, percentile, round } from './stats.ts';

export const LEARNERS = 50;
export const ANSWERS = 2000;
export const ARRIVALS_PER_SECOND = 500;

interface Learner {
  user: UserRef;
  adapter: RecordingAdapter;
  thread: ConvRef | undefined;
}

export interface QuizFigures {
  answers: number;
  recorded: number;
  medianMs: number;
  p99Ms: number;
  answersPerSecond: number;
}

const channel: ConvRef = { platform: 'console', workspaceId: 'bench', channelId: 'main' };
const tempDb = () => `file:${path.join(mkdtempSync(path.join(tmpdir(), 'coach-bench-')), 'coach.db')}`;

async function setUp(): Promise<{ app: App; learners: Learner[] }> {
  const app = await buildApp(parseConfig({ DATABASE_URL: tempDb(), LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
  const learners = Array.from({ length: LEARNERS }, (_, i) => ({
    user: { platform: 'console', id: `bench-${i}`, name: `Learner ${i}` } as UserRef,
    adapter: new RecordingAdapter(`learner-${i}-`),
    thread: undefined,
  }));
  await Promise.all(learners.map((l) => startQuiz(app, l)));
  // Measured as a running server: after start-up, once checkpoints run off the event loop.
  await app.db.checkpointing;
  return { app, learners };
}

async function startQuiz(app: App, l: Learner): Promise<void> {
  await app.coach.handle({ type: 'command', user: l.user, conv: channel, name: 'quiz', args: { scope: 'django' } }, l.adapter);
  l.thread = l.adapter.threads.at(-1)!.conv;
}

/** One timed answer (ms); when it ended the session, the learner starts the next one (untimed). */
async function answer(app: App, l: Learner): Promise<number> {
  const button = l.adapter.lastButtons().find((b) => b.actionId === 'quiz')!;
  // The press comes from the message showing the button, as on a platform, so the answer locks that very
  // message (a made-up id would time a failed update and its warning instead). Only that message is kept,
  // so memory stays flat: the next question is posted again on every answer.
  const shown = l.adapter.holding(button.actionId, button.value)!;
  l.adapter.posted.length = 0;
  l.adapter.updates.length = 0;
  l.adapter.posted.push(shown);
  const t0 = performance.now();
  await app.coach.handle({ type: 'action', user: l.user, conv: l.thread!, messageId: shown.messageId, actionId: button.actionId, value: button.value }, l.adapter);
  const ms = performance.now() - t0;
  if (!l.adapter.lastButtons().some((b) => b.actionId === 'quiz')) await startQuiz(app, l);
  return ms;
}

async function measure(run: (app: App, learners: Learner[]) => Promise<number[]>): Promise<QuizFigures> {
  const { app, learners } = await setUp();
  const started = performance.now();
  const samples = await run(app, learners);
  const elapsed = performance.now() - started;
  const recorded = app.db.sql.get<{ n: number }>('SELECT count(*) AS n FROM "QuizAttempt"')!.n;
  await app.close();
  return { answers: samples.length, recorded, medianMs: round(median(samples), 2), p99Ms: round(percentile(samples, 99), 2), answersPerSecond: Math.round(samples.length / (elapsed / 1000)) };
}

export const sequentialAnswers = () =>
  measure(async (app, learners) => {
    const samples: number[] = [];
    for (let n = 0; n < ANSWERS; n++) samples.push(await answer(app, learners[n % LEARNERS]!));
    return samples;
  });

/** Every learner answers again as soon as their previous answer is handled: 50 in flight all the time. */
export const concurrentAnswers = () =>
  measure(async (app, learners) => {
    const samples: number[] = [];
    await Promise.all(
      learners.map(async (l) => {
        for (let n = 0; n < ANSWERS / LEARNERS; n++) samples.push(await answer(app, l));
      }),
    );
    return samples;
  });

/** Answers arrive at a steady rate, round-robin over the learners; latency counts from the arrival. */
export const steadyArrivals = () =>
  measure(async (app, learners) => {
    const gapMs = 1000 / ARRIVALS_PER_SECOND;
    const start = performance.now();
    const busy = new Map<Learner, Promise<unknown>>();
    const samples: number[] = [];
    for (let n = 0; n < ANSWERS; n++) {
      const due = start + n * gapMs;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const l = learners[n % LEARNERS]!;
      const previous = busy.get(l) ?? Promise.resolve();
      busy.set(l, previous.then(async () => {
        const queued = performance.now() - due;
        samples.push(queued + (await answer(app, l)));
      }));
    }
    await Promise.all(busy.values());
    return samples;
  });
