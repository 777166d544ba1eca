// `npm run runner`: the Python runner as its own process. Reads .env like the bot, refuses to start unless
// explicitly enabled, explains any bad setting in one line, and shuts down cleanly on SIGINT/SIGTERM.
import pino from 'pino';
import { loadDotEnv } from '../env.ts';
import { RunnerConfigError, loadRunnerConfig } from './config.ts';
import { RunnerStartError, startRunnerService } from './service.ts';

function fail(message: string): never {
  process.stderr.write(`runner: ${message}\n`);
  process.exit(1);
}

let config;
try {
  loadDotEnv();
  config = loadRunnerConfig();
} catch (error) {
  if (error instanceof RunnerConfigError) fail(error.message);
  throw error;
}

const log = pino({ name: 'runner', level: config.logLevel, redact: ['token', 'config.token', 'headers.authorization'] });

try {
  const service = await startRunnerService(config, log);
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    // Wrappers (npm, tsx) relay the signal too, so a repeat is expected and ignored; a stuck stop is not.
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 10_000).unref();
    void service.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  if (error instanceof RunnerStartError) fail(error.message);
  throw error;
}
