// Posting and revealing runs through coach.run (the generic Adapter port: startThread, post, update), so
// drills work on every platform with no adapter code. Each step is recorded the moment the platform
// accepted it, so a run interrupted anywhere is resumed after its last recorded step.
import type { Coach } from '../core/coach.ts';
import type { Clock } from '../core/ports.ts';
import type { CoreLogger } from '../core/turn.ts';
import { renderClosedQuestions, renderDrillQuestions, renderIntro, renderReveal, sourceTitle, threadTitle, type RevealedQuestion } from '../core/drills/index.ts';
import type { SqliteConnection } from '../db/sqlite.ts';
import type { GroupWriter } from './group-writer.ts';
import {
  countAttempt, markMissedReported, markQuestionsPosted, markThreadOpened, questionResult, runScores, runsToReveal, setRunStatus, unreportedMissed, type PendingRun,
} from '../db/drill-runs.ts';

export interface PostingContext {
  sql: SqliteConnection;
  coach: Coach;
  clock: Clock;
  logger: CoreLogger;
  /** Renews the lease; false when another instance took it (this one must stop posting). */
  holdLease(): boolean;
  /** Commits posting steps, several runs' in one transaction. */
  steps: GroupWriter;
  concurrency: number;
}

/** A run that fails this often (the channel is gone, the bot lost its permission) is given up. */
export const MAX_ATTEMPTS = 5;
const MINUTE = 60_000;

/** Posts the runs (created, or left part-posted by an earlier tick), each from its last recorded step. */
export async function postRuns(ctx: PostingContext, runs: PendingRun[]): Promise<number> {
  return inPool(ctx, interleaveWorkspaces(runs), (run) => postRun(ctx, run), 'drill run could not be posted');
}

/**
 * Slack limits posting per workspace (and every platform per channel): taking one workspace's runs after
 * another would keep the whole pool waiting on one workspace's limit. Round-robin over workspaces (each
 * one's runs in their order) keeps every workspace's budget in use at once.
 */
export function interleaveWorkspaces<T extends { drill: { channel: { platform: string; workspaceId: string } } }>(runs: T[]): T[] {
  const queues = new Map<string, T[]>();
  for (const run of runs) {
    const key = `${run.drill.channel.platform}:${run.drill.channel.workspaceId}`;
    const queue = queues.get(key);
    if (queue) queue.push(run);
    else queues.set(key, [run]);
  }
  const lists = [...queues.values()];
  const ordered: T[] = [];
  for (let i = 0; ordered.length < runs.length; i++) for (const list of lists) if (i < list.length) ordered.push(list[i]!);
  return ordered;
}

export async function revealDueRuns(ctx: PostingContext, now: Date): Promise<number> {
  return inPool(ctx, runsToReveal(ctx.sql, now), (run) => revealRun(ctx, run), 'drill run could not be revealed');
}

/** Runs `work` over the runs, `concurrency` at a time, while this instance holds the lease. */
async function inPool(ctx: PostingContext, runs: PendingRun[], work: (run: PendingRun) => Promise<void>, failure: string): Promise<number> {
  let next = 0;
  let done = 0;
  let lost = false;
  const worker = async () => {
    while (next < runs.length && !lost) {
      const run = runs[next++]!;
      if (!ctx.holdLease()) {
        lost = true;
        ctx.logger.warn({ runId: run.id }, 'drill lease taken by another instance; it continues the posting');
        return;
      }
      try {
        await work(run);
        done++;
      } catch (error) {
        const attempts = countAttempt(ctx.sql, run.id);
        const givenUp = attempts >= MAX_ATTEMPTS;
        if (givenUp) setRunStatus(ctx.sql, run.id, 'failed');
        ctx.logger.warn({ err: error, runId: run.id, drillId: run.drill.id, attempts, givenUp }, failure);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.concurrency, runs.length) }, worker));
  return done;
}

async function postRun(ctx: PostingContext, run: PendingRun): Promise<void> {
  const { sql, coach, clock } = ctx;
  const { drill } = run;
  const catalog = coach.deps.catalog;
  const questions = run.questions.map((q) => ({ ...q, found: catalog.question(q.questionId) }));
  // Questions removed from the content since the run was created are left out.
  const asked = questions.flatMap((q) => (q.found ? [{ position: q.position, question: q.found.question }] : []));
  let thread = run.thread;
  if (!thread) {
    const now = clock.now();
    // On the minute, so the reveal comes with the tick of that minute.
    const deadlineAt = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE + drill.windowMinutes * MINUTE);
    const missed = run.hasMissed ? unreportedMissed(sql, drill.id) : [];
    const intro = renderIntro(drill, sourceTitle(catalog, drill), { questions: asked.length, deadlineAt, late: run.late, missed });
    const result = await coach.run({ kind: 'thread', conv: { ...drill.channel }, title: threadTitle(drill, run.scheduledFor), messages: [intro] });
    thread = result.conv;
    await ctx.steps.write((tx) => {
      markThreadOpened(tx, run.id, result.conv, now, deadlineAt);
      markMissedReported(tx, drill.id, missed);
    });
  }
  if (questions.some((q) => !q.messageId) && asked.length > 0) {
    const posted = await coach.run({ kind: 'post', conv: thread, messages: [renderDrillQuestions(run.id, asked)] });
    // Recorded at once: a resumed run never posts its questions twice.
    await ctx.steps.write((tx) => {
      markQuestionsPosted(tx, run.id, posted.messageIds[0]!);
      setRunStatus(tx, run.id, 'posted');
    });
  } else {
    setRunStatus(sql, run.id, 'posted');
  }
}

async function revealRun(ctx: PostingContext, run: PendingRun): Promise<void> {
  const { sql, coach, clock, logger } = ctx;
  const { drill } = run;
  const thread = run.thread!;
  // First: from here on no answer is recorded, so the figures below are final.
  setRunStatus(sql, run.id, 'revealing');
  const asked = run.questions.flatMap((q) => {
    const found = coach.deps.catalog.question(q.questionId);
    return found ? [{ position: q.position, question: found.question, questionId: q.questionId }] : [];
  });
  const messageId = run.questions.find((q) => q.messageId)?.messageId;
  if (messageId && asked.length > 0) {
    try {
      await coach.run({ kind: 'update', conv: thread, messageId, message: renderClosedQuestions(run.id, asked) });
    } catch (error) {
      // Cosmetic: a click on it is refused anyway; the reveal below is what matters.
      logger.warn({ err: error, runId: run.id, messageId }, 'could not lock a drill question');
    }
  }
  const revealed: RevealedQuestion[] = asked.map((q) => ({ position: q.position, question: q.question, ...questionResult(sql, run.id, q.questionId, drill.channel.platform) }));
  await coach.run({ kind: 'post', conv: thread, messages: [renderReveal(drill, revealed, runScores(sql, run.id))] });
  setRunStatus(sql, run.id, 'revealed', clock.now());
}
