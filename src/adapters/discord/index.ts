// The Discord adapter as `npm start` builds it: discord.js (seconds to load on a busy machine) is imported
// only when the adapter starts, so a terminal session, which never starts it, does not pay for it.
import type { Adapter } from '../../core/ports.ts';
import type { DiscordAdapterOptions } from './adapter.ts';
import { DISCORD_LIMITS } from './limits.ts';

export function createLazyDiscordAdapter(options: DiscordAdapterOptions): Adapter {
  let loaded: Promise<Adapter> | undefined;
  let real: Adapter | undefined;
  const load = () => (loaded ??= import('./adapter.ts').then((m) => (real = m.createDiscordAdapter(options))));
  return {
    platform: 'discord',
    limits: DISCORD_LIMITS,
    start: async (onEvent) => (await load()).start(onEvent),
    stop: async () => real?.stop(),
    post: async (conv, msg) => (await load()).post(conv, msg),
    // Events exist only once the adapter has started, so the real one is there to answer them.
    responseOps(event) {
      if (!real?.responseOps) throw new Error('the Discord adapter answers events only after it has started');
      return real.responseOps(event);
    },
    openDirect: async (user) => (await load()).openDirect!(user),
    update: async (conv, messageId, msg) => (await load()).update(conv, messageId, msg),
    startThread: async (conv, title, first) => (await load()).startThread(conv, title, first),
  };
}
