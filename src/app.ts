// Builds the coach from config: database (migrated), content (imported), catalog, store and core.
// Shared by main.ts, the benchmarks and the tests, so they all exercise the same wiring.
import path from 'node:path';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { createCoach, type Coach } from './core/coach.ts';
import type { Clock, CodeRunner } from './core/ports.ts';
import { openDatabase, type OpenedDatabase } from './db/database.ts';
import { createSqliteStore } from './db/store.ts';
import { loadContent } from './content/loader.ts';
import { importContent, knownFiles, type ImportSummary } from './content/importer.ts';
import { formatProblem } from './content/problems.ts';
import { buildCatalog } from './content/catalog.ts';
import { createRunRateLimit, disabledCodeRunner } from './core/coderun/index.ts';
import { createPistonCodeRunner } from './runner/client.ts';
import { createOpenAiJudge, safeOrigin } from './grader/openai-judge.ts';
import { createDrillScheduler, type DrillScheduler } from './scheduler/drill-scheduler.ts';
import { hostname } from 'node:os';

export interface App {
  coach: Coach;
  db: OpenedDatabase<unknown>;
  imported: ImportSummary;
  /** Fires drills; main.ts drives it with node-cron (startCronTicks), tests call tick() with their clock. */
  drills: DrillScheduler;
  close(): Promise<void>;
}

export const systemClock: Clock = { now: () => new Date() };

export async function buildApp(config: Config, logger: Logger, options: { clock?: Clock; runner?: CodeRunner } = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const db = await openDatabase(config.databaseUrl, async (raw) => {
    const known = knownFiles(raw);
    const loaded = await loadContent(path.resolve(config.contentDir), known);
    for (const problem of loaded.problems) logger.warn({ problem: formatProblem(problem) }, 'content file refused; its previous import keeps serving');
    // Nothing loaded and nothing refused means a wrong or empty folder, not edits: import nothing, so the
    // database is not emptied of every lesson.
    if (loaded.tracks.length === 0 && loaded.rejectedFiles.size === 0) throw new Error(`no tracks found in ${path.resolve(config.contentDir)} (CONTENT_DIR)`);
    return { imported: importContent(raw, loaded, clock.now()), catalog: buildCatalog(loaded, known, config.defaultTrack) };
  });
  if (db.migrations.applied.length > 0) logger.info({ applied: db.migrations.applied }, 'applied database migrations');
  const { imported, catalog } = db.prepared;
  logger.info(imported, 'content imported');
  const { enabled, url, token, runsPerMinute } = config.runner;
  const runner =
    options.runner ?? (enabled ? createPistonCodeRunner({ url, token: token ?? null, logger: logger.child({ module: 'runner-client' }) }) : disabledCodeRunner);
  const runLimit = createRunRateLimit(runsPerMinute);
  const judge = config.grader && createOpenAiJudge({ ...config.grader, logger: logger.child({ module: 'model-grader' }) });
  if (config.grader) logger.info({ grader: safeOrigin(config.grader.url), model: config.grader.model, timeoutMs: config.grader.timeoutMs }, 'model grader on for explain answers');
  let drills: DrillScheduler | undefined;
  const scheduler = { wake: () => drills!.wake() };
  const coach = createCoach({ store: createSqliteStore(db.sql, clock), catalog, clock, logger, runner, runLimit, judge, scheduler });
  const instanceId = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  drills = createDrillScheduler({ sql: db.sql, coach, clock, logger: logger.child({ module: 'drills' }), instanceId });
  return { coach, db, imported, drills, close: () => db.close() };
}
