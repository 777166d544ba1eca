// The real Discord adapter on a real app, connected to the fake Discord: what the tests drive. Events are
// delivered over the fake gateway; `deliver` waits until the core has handled the one it dispatched.
import pino from 'pino';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/adapters/discord/adapter.ts';
import type { Clock, CodeRunner } from '../../../src/core/ports.ts';
import type { InboundEvent } from '../../../src/core/messages.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { FakeDiscord, type FakeDiscordOptions } from '../../helpers/fake-discord/index.ts';

export interface Bot {
  fake: FakeDiscord;
  t: TestApp;
  adapter: DiscordAdapter;
  /** What the adapter delivered to the core, in order. */
  events: InboundEvent[];
  /** Every line the adapter logged (debug and above), parsed. */
  logs: Record<string, unknown>[];
  /** Dispatches (the function returns the interaction or message id) and waits until the core handled it. */
  deliver(dispatch: () => string): Promise<string>;
  close(): Promise<void>;
}

export interface BotOptions {
  clock?: Clock;
  runner?: CodeRunner;
  /** The configured admin role: a role the fake guild has (named here) or a raw id. */
  adminRole?: string;
  fake?: FakeDiscordOptions;
}

export async function startBot(contentDir: string, options: BotOptions = {}): Promise<Bot> {
  const fake = await FakeDiscord.start(options.fake);
  const t = await createTestApp(contentDir, options.clock, undefined, options.runner);
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const adapter = createDiscordAdapter({
    config: { token: fake.token, appId: fake.appId, apiUrl: fake.apiUrl, adminRoleId: options.adminRole ? fake.role(options.adminRole) : undefined },
    catalog: t.app.coach.deps.catalog,
    logger,
  });
  const handled = new Map<string, number>();
  const waiting = new Set<() => void>();
  t.app.coach.attach(adapter);
  const events: InboundEvent[] = [];
  await adapter.start(async (event) => {
    events.push(event);
    try {
      await t.app.coach.handle(event, adapter);
    } finally {
      const id = event.eventId ?? '';
      handled.set(id, (handled.get(id) ?? 0) + 1);
      for (const wake of waiting) wake();
    }
  });

  async function deliver(dispatch: () => string): Promise<string> {
    let before = 0;
    let id = '';
    // The count is read right after dispatching: handling runs later, on the client's side of the socket.
    id = dispatch();
    before = handled.get(id) ?? 0;
    const started = Date.now();
    while ((handled.get(id) ?? 0) <= before) {
      if (Date.now() - started > 20_000) throw new Error(`event ${id} was not handled`);
      await new Promise<void>((resolve) => {
        const wake = () => (waiting.delete(wake), resolve());
        waiting.add(wake);
        setTimeout(wake, 50);
      });
    }
    return id;
  }

  return {
    fake,
    t,
    adapter,
    events,
    logs,
    deliver,
    async close() {
      await adapter.stop();
      await fake.close();
      await t.close();
    },
  };
}
