// The chat platforms `npm start` can serve. Each is started when its credentials are in the environment
// (several at once share one app); the terminal coach runs only when none is configured.
import type { App } from './app.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Adapter } from './core/ports.ts';
import { learnerOverview } from './core/progress/index.ts';

export interface PlatformStarter {
  readonly name: string;
  configured(config: Config): boolean;
  /**
   * Builds the adapter; main.ts attaches it to the coach and starts it. Asynchronous so a platform's SDK
   * is loaded only when that platform is configured: a terminal session never pays for Bolt or discord.js.
   */
  create(app: App, config: Config, logger: Logger): Promise<Adapter>;
}

export const PLATFORMS: readonly PlatformStarter[] = [
  {
    name: 'slack',
    configured: (config) => config.slack !== undefined,
    create: async (app, config, logger) => {
      const { createSlackAdapter } = await import('./adapters/slack/adapter.ts');
      return createSlackAdapter({ config: config.slack!, logger, overview: (user) => learnerOverview(app.coach.deps, user) });
    },
  },
  {
    name: 'discord',
    configured: (config) => config.discord !== undefined,
    create: async (app, config, logger) => {
      const { createDiscordAdapter } = await import('./adapters/discord/adapter.ts');
      return createDiscordAdapter({ config: config.discord!, catalog: app.coach.deps.catalog, logger });
    },
  },
];

export function configuredPlatforms(config: Config): PlatformStarter[] {
  return PLATFORMS.filter((p) => p.configured(config));
}
