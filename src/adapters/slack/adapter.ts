// The Slack adapter on @slack/bolt 5: Socket Mode when an app-level token is configured (no public URL),
// otherwise Bolt's HTTP receiver, which verifies every request's signature and 5-minute timestamp before
// any listener runs, with commands, interactivity and events at /slack/events. Each interaction is
// acknowledged (Bolt's ack()) as the core's first response, before any work; answers follow through the
// Web API (see outbound.ts). Listeners are in listeners.ts.
import { App, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SlackConfig } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import { notice, type InboundEvent, type UserRef } from '../../core/messages.ts';
import type { Adapter, AdapterLimits } from '../../core/ports.ts';
import type { LearnerOverview } from '../../core/progress/index.ts';
import type { ResponseOps } from '../../core/responder.ts';
import { createAckFirst } from './ack-first.ts';
import { slackScope, slackUserId } from './inbound.ts';
import { registerListeners } from './listeners.ts';
import { createOutbound, type Interaction } from './outbound.ts';
import { createProfiles } from './profiles.ts';
import { SLACK_LIMITS } from './render.ts';

export interface SlackAdapterOptions {
  config: SlackConfig;
  logger: Logger;
  /** What App Home shows a person, read through the core (without it, App Home is not published). */
  overview?: (user: UserRef) => Promise<LearnerOverview>;
  /** Further Web API client options (tests: a short back-off for failed calls). Never the base URL or token. */
  clientOptions?: Omit<WebClientOptions, 'slackApiUrl' | 'logger'>;
  /** How long work after an acknowledgement waits at most for other requests' answers (see ack-first.ts). */
  ackFirstMaxWaitMs?: number;
}

export interface SlackAdapter extends Adapter {
  readonly mode: 'socket' | 'http';
  /** The port the HTTP receiver listens on, once started (HTTP mode). */
  readonly port: number | undefined;
  /** Resolves once every delivery received so far has been handled completely. */
  idle(): Promise<void>;
  /** HTTP mode: milliseconds from each of the last requests reaching the server to its response, oldest first. */
  recentResponseTimes(): number[];
}

const RESPONSE_TIMES_KEPT = 1000;
/** Slack gives up after 3 s: a response this slow is worth a warning in the log. */
const SLOW_RESPONSE_MS = 2000;

export const SLACK_ADAPTER_LIMITS: AdapterLimits = {
  // One section's text: a longer message is sent as several.
  maxTextLength: SLACK_LIMITS.sectionText,
  maxButtonsPerRow: SLACK_LIMITS.buttonsPerRow,
  maxRows: SLACK_LIMITS.rows,
  forms: true,
  privateReplies: true,
};

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config, logger } = options;
  const mode = config.appToken ? 'socket' : 'http';
  const app = new App({
    token: config.botToken,
    signingSecret: config.signingSecret,
    ...(config.appToken ? { socketMode: true, appToken: config.appToken } : { port: config.port }),
    clientOptions: { slackApiUrl: config.apiUrl, ...options.clientOptions },
    logger: boltLogger(logger),
    // auth.test runs in start(), where a failure stops start-up with a clear error instead of going unhandled.
    deferInitialization: true,
    // The coach keeps conversation state in its database; Bolt's in-memory store would only cost time.
    convoStore: false,
  });
  const outbound = createOutbound(app.client, SLACK_ADAPTER_LIMITS);
  const profiles = createProfiles(app.client, config.adminUsergroup, logger);
  const interactions = new WeakMap<InboundEvent, Interaction>();
  const inflight = new Set<Promise<void>>();
  let onEvent: ((e: InboundEvent) => Promise<void>) | undefined;
  let port: number | undefined;
  const responseTimes: number[] = [];
  // HTTP mode counts unanswered requests; in Socket Mode work after an ack only yields one turn.
  const ackFirst = createAckFirst(options.ackFirstMaxWaitMs);

  function timeResponses(server: Server): void {
    server.prependListener('request', (req, res) => {
      const received = performance.now();
      res.once('finish', () => {
        const ms = performance.now() - received;
        responseTimes.push(ms);
        if (responseTimes.length > RESPONSE_TIMES_KEPT) responseTimes.shift();
        if (ms > SLOW_RESPONSE_MS) logger.warn({ ms: Math.round(ms), status: res.statusCode }, 'a Slack request was answered late (Slack waits 3 s)');
      });
    });
  }

  function track(work: () => Promise<unknown>): Promise<void> {
    const running = work().then(
      () => undefined,
      (error: unknown) => logger.error({ err: error }, 'a Slack delivery failed'),
    );
    inflight.add(running);
    void running.finally(() => inflight.delete(running));
    return running;
  }

  async function deliver(event: InboundEvent, interaction?: Interaction): Promise<void> {
    if (!onEvent) throw new Error('the Slack adapter received an event before start()');
    if (interaction) interactions.set(event, interaction);
      try {
      await onEvent(event);
    } finally {
      // Never leave Slack waiting: an interaction the core did not acknowledge is acknowledged now.
      if (interaction && !interaction.acked) await interaction.ack();
    }
  }

  registerListeners(app, { logger, outbound, profiles, deliver, track, afterAcks: () => ackFirst.turn(), ...(options.overview ? { overview: options.overview } : {}) });

  const adapter: SlackAdapter = {
    platform: 'slack',
    limits: SLACK_ADAPTER_LIMITS,
    mode,
    get port() {
      return port;
    },
    async start(handler) {
      onEvent = handler;
      await app.init();
      const started = (mode === 'http' ? await app.start(config.port) : await app.start()) as Server | undefined;
      // Socket Mode's start resolves with the connection's details, not a server.
      if (mode === 'http' && started) {
        timeResponses(started);
        ackFirst.watch(started);
      }
      const address = mode === 'http' ? started?.address() : undefined;
      port = address && typeof address === 'object' ? (address as AddressInfo).port : undefined;
      logger.info({ mode, ...(port ? { port } : {}) }, 'slack adapter started');
    },
    async stop() {
      await app.stop();
      await adapter.idle();
    },
    recentResponseTimes: () => [...responseTimes],
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
    post: (conv, msg) => outbound.postPublic(conv, msg),
    update: (conv, messageId, msg) => outbound.update(conv, messageId, msg),
    startThread: (conv, title, first) => outbound.startThread(conv, title, first),
    async openDirect(user) {
      const opened = await app.client.conversations.open({ users: slackUserId(user) });
      if (!opened.channel?.id) throw new Error('conversations.open returned no channel');
      return { platform: 'slack', workspaceId: slackScope(user), channelId: opened.channel.id };
    },
    responseOps(event): ResponseOps {
      const interaction = interactions.get(event);
      const { conv, user } = event;
      const send = (msg: Parameters<ResponseOps['fill']>[0], visibility: 'public' | 'private') =>
        visibility === 'private' ? outbound.postPrivate(conv, user, msg, interaction) : outbound.postPublic(conv, msg);
      return {
        async acknowledge(first) {
          if (first.kind !== 'form' || !interaction?.triggerId) return interaction?.ack();
          // views.open goes out first: the click's trigger_id is valid for 3 seconds from the click.
          const opening = outbound.openForm(interaction.triggerId, first.form, conv);
          await interaction.ack();
          try {
            await opening;
          } catch (error) {
            logger.warn({ err: error }, 'could not open a Slack modal');
            await outbound.postPrivate(conv, user, notice("I couldn't open the form in time (Slack allows 3 seconds). Press the button again."), interaction);
          }
        },
        fill: (msg) => send(msg, msg.visibility === 'private' ? 'private' : 'public'),
        followUp: (msg, visibility) => send(msg, visibility),
        post: (msg) => outbound.postPublic(conv, msg),
        // Slack shows no placeholder for an acknowledged interaction: nothing to remove.
        close: async () => {},
      };
    },
  };
  return adapter;
}

/** Bolt's and the Web API client's logs into ours. They log no tokens (the client redacts them itself). */
function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ module: 'slack' });
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) => parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  return {
    debug: (...parts: unknown[]) => child.debug(text(parts)),
    info: (...parts: unknown[]) => child.info(text(parts)),
    warn: (...parts: unknown[]) => child.warn(text(parts)),
    error: (...parts: unknown[]) => child.error(text(parts)),
    setLevel: (next: LogLevel) => void (level = next),
    getLevel: () => level,
    setName: () => {},
  };
}
