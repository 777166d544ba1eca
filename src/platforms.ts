// The chat platforms `npm start` can serve. Each is started when its credentials are in the environment
// (several at once share one app); the terminal coach runs only when none is configured.
import type { App } from './app.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Adapter } from './core/ports.ts';
import { createSlackAdapter } from './adapters/slack/adapter.ts';
import { learnerOverview } from './core/progress/index.ts';
import { createLazyDiscordAdapter } from './adapters/discord/index.ts';

export interface PlatformStarter {
  readonly name: string;
  configured(config: Config): boolean;
  /** Builds the adapter; main.ts attaches it to the coach and starts it. */
  create(app: App, config: Config, logger: Logger): Adapter;
}

export const PLATFORMS: readonly PlatformStarter[] = [
  {
    name: 'slack',
    configured: (config) => config.slack !== undefined,
    create: (app, config, logger) => createSlackAdapter({ config: config.slack!, logger, overview: (user) => learnerOverview(app.coach.deps, user) }),
  },
  {
    name: 'discord',
    configured: (config) => config.discord !== undefined,
    create: (app, config, logger) => createLazyDiscordAdapter({ config: config.discord!, catalog: app.coach.deps.catalog, logger }),
  },
];

export function configuredPlatforms(config: Config): PlatformStarter[] {
  return PLATFORMS.filter((p) => p.configured(config));
}
