// Composition root: parse config, build the app, start the configured chat platforms (or the terminal
// adapter when no platform tokens are set), and shut down cleanly at end of input, when the output is
// closed, or on a signal.
import { ConfigError, loadConfig } from './config.ts';
import { createLogger, LogFileError } from './logger.ts';
import { buildApp } from './app.ts';
import { createConsoleAdapter } from './adapters/console/adapter.ts';
import { configuredPlatforms } from './platforms.ts';
import { startCronTicks, type CronTicks } from './scheduler/cron-ticks.ts';
import type { App } from './app.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  // The terminal coach shows stderr on the same screen as the conversation: logs go to a file there. On
  // platforms there is no conversation on screen, so logs stay JSON on stderr (for the service manager).
  const platforms = configuredPlatforms(config);
  const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY) && platforms.length === 0;
  let logger;
  try {
    logger = createLogger(config.logLevel, terminal ? { file: config.logFile, screen: process.stderr } : {});
  } catch (error) {
    if (error instanceof LogFileError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const app = await buildApp(config, logger);
  if (platforms.length > 0) return servePlatforms(app, config, logger);
  const adapter = createConsoleAdapter({
    input: process.stdin,
    output: process.stdout,
    userName: config.console.user,
    interactive: Boolean(process.stdin.isTTY),
  });
  app.coach.attach(adapter);
  // Drills fire in the terminal too, posting into the conversation they were created in.
  const ticks = startCronTicks(app.drills, logger.child({ module: 'drills' }));
  const stop = async () => {
    await ticks.stop();
    await adapter.stop();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await adapter.start((event) => app.coach.handle(event, adapter));
  await adapter.finished;
  await ticks.stop();
  await app.close();
  return 0;
}

/** Serves every configured platform until a signal. */
async function servePlatforms(app: App, config: Config, logger: Logger): Promise<number> {
  const adapters = await Promise.all(configuredPlatforms(config).map((p) => p.create(app, config, logger.child({ platform: p.name }))));
  let ticks: CronTicks | undefined;
  let stopping: Promise<never> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('stopping');
      await ticks?.stop();
      await Promise.allSettled(adapters.map((a) => a.stop()));
      await app.close();
      process.exit(0);
    })());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  for (const adapter of adapters) {
    app.coach.attach(adapter);
    await adapter.start((event) => app.coach.handle(event, adapter));
    logger.info({ platform: adapter.platform }, 'platform connected');
  }
  // After every platform is attached, so the first (catch-up) tick can post on each.
  ticks = startCronTicks(app.drills, logger.child({ module: 'drills' }));
  return new Promise<number>(() => {});
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`interview-coach: failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
