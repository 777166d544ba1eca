// Bolt listeners: `/coach <subcommand>`, clicks, modal submissions, `@coach` mentions, thread replies and
// App Home. Each turns its payload into a core event and delivers it with the interaction (ack,
// response_url, trigger_id); what cannot be read is acknowledged with a short private explanation.
import type { AckFn, App } from '@slack/bolt';
import { describeUserError } from '../../core/error-text.ts';
import { UserError } from '../../core/errors.ts';
import { notice, type InboundEvent, type UserRef } from '../../core/messages.ts';
import type { LearnerOverview } from '../../core/progress/index.ts';
import type { Logger } from '../../logger.ts';
import { HOME_CONTINUE, parseContinue, renderHome } from './home.ts';
import {
  actionEvent,
  commandSchema,
  conversation,
  decodeSlackText,
  formEvent,
  interactionScope,
  isAdminOnly,
  mentionText,
  parseAction,
  parseCommandText,
  parseSubmission,
  slackUser,
  type ActionPayload,
  type ParsedCommand,
} from './inbound.ts';
import type { Interaction, Outbound } from './outbound.ts';
import type { Profiles } from './profiles.ts';
import { FORM_CALLBACK_ID, renderMessage } from './render.ts';

export interface ListenerContext {
  logger: Logger;
  outbound: Outbound;
  profiles: Profiles;
  deliver(event: InboundEvent, interaction?: Interaction): Promise<void>;
  track(work: () => Promise<unknown>): Promise<void>;
  /** Resolves when work after an acknowledgement may go on (see ack-first.ts). */
  afterAcks(): Promise<void>;
  overview?: (user: UserRef) => Promise<LearnerOverview>;
}

// Bolt's ack functions differ per payload type; the adapter only ever passes a response body or nothing.
type AnyAck = AckFn<any>;

export function interaction(ack: AnyAck, afterAcks: () => Promise<void>, responseUrl?: string, triggerId?: string): Interaction {
  let acked = false;
  return {
    get acked() {
      return acked;
    },
    async ack(body) {
      if (acked) return;
      acked = true;
      await ack(body);
      // The response is written; the work after it waits until the requests that arrived meanwhile are
      // answered too, instead of their answers queueing behind this one's database work.
      await afterAcks();
    },
    responseUrl,
    triggerId,
  };
}

/** An acknowledgement that answers privately at once: for what is refused before the core sees it. */
export function privateAck(text: string): Record<string, unknown> {
  return { response_type: 'ephemeral', ...renderMessage(notice(text)) };
}

export function registerListeners(app: App, ctx: ListenerContext): void {
  const { logger, outbound, profiles, deliver, track, afterAcks } = ctx;

  async function withAdmin(event: InboundEvent & { type: 'command' }, slackUserId: string): Promise<InboundEvent> {
    if (!isAdminOnly(event.name)) return event;
    try {
      return { ...event, isAdmin: await profiles.isAdmin(slackUserId) };
    } catch (error) {
      logger.warn({ err: error }, 'could not check Slack admin rights; treating the person as no admin');
      return { ...event, isAdmin: false };
    }
  }

  app.command(/.*/, ({ command, ack }) =>
    track(async () => {
      const parsed = commandSchema.safeParse(command);
      if (!parsed.success) return ack(privateAck('That command could not be read; nothing was recorded. Try `/help`.'));
      const c = parsed.data;
      let typed: ParsedCommand;
      try {
        typed = parseCommandText(c.text);
      } catch (error) {
        if (error instanceof UserError) return ack(privateAck(describeUserError(error)));
        throw error;
      }
      profiles.prefetch(c.user_id);
      const user = slackUser(c.enterprise_id ?? c.team_id, c.user_id, profiles.peek(c.user_id)?.name ?? c.user_name, profiles.peek(c.user_id)?.timeZone);
      const i = interaction(ack, afterAcks, c.response_url, c.trigger_id);
      // Slash commands have no delivery id; the trigger_id is unique to one invocation.
      const event = { type: 'command' as const, user, conv: conversation(c.team_id, c.channel_id), eventId: `command:${c.trigger_id}`, name: typed.name, args: typed.args };
      // An admin check may take a Web API call: acknowledge first (a command's first response is a deferral).
      if (isAdminOnly(typed.name)) await i.ack();
      await deliver(await withAdmin(event, c.user_id), i);
    }),
  );

  app.action(/.*/, ({ body, ack }) =>
    track(async () => {
      const payload = parseAction(body);
      if (!payload) {
        await ack();
        return logger.warn({ type: (body as { type?: unknown }).type }, 'a Slack click payload could not be read; ignored');
      }
      profiles.prefetch(payload.user.id);
      const user = slackUser(interactionScope(payload).scope, payload.user.id, profiles.peek(payload.user.id)?.name ?? payload.user.username ?? payload.user.name ?? payload.user.id, profiles.peek(payload.user.id)?.timeZone);
      const i = interaction(ack, afterAcks, payload.response_url, payload.trigger_id);
      if (payload.actions[0]!.action_id === HOME_CONTINUE) return continueFromHome(payload, user, i);
      const event = actionEvent(payload, user);
      if (!event) return i.ack();
      if (payload.container.is_ephemeral && payload.response_url) outbound.rememberEphemeral(event.messageId, payload.response_url);
      await deliver(event, i);
    }),
  );

  /** App Home's "Open the lesson": the lesson opens in a thread of the person's direct messages with the coach. */
  async function continueFromHome(payload: ActionPayload, user: UserRef, i: Interaction): Promise<void> {
    const target = parseContinue(payload.actions[0]!.value ?? '');
    await i.ack();
    if (!target) return;
    const direct = await app.client.conversations.open({ users: payload.user.id });
    if (!direct.channel?.id) throw new Error('conversations.open returned no channel');
    const action = payload.actions[0]!;
    await deliver(
      { type: 'command', user, conv: conversation(interactionScope(payload).team, direct.channel.id), eventId: `action:${action.action_ts}:${payload.user.id}:${action.action_id}`, name: 'lesson', args: target },
      { ...i, responseUrl: undefined, acked: true, ack: async () => {} },
    );
  }

  app.view(/.*/, ({ body, ack }) =>
    track(async () => {
      const submission = (body as { view?: { callback_id?: string } }).view?.callback_id === FORM_CALLBACK_ID ? parseSubmission(body) : undefined;
      if (!submission) {
        // Its conversation is unknown, so the person is told in the modal itself, which stays open.
        logger.warn('a Slack modal submission could not be read; nothing was recorded');
        const field = Object.keys((body as { view?: { state?: { values?: object } } }).view?.state?.values ?? {})[0];
        return ack(field ? { response_action: 'errors', errors: { [field]: 'This form is out of date and nothing was recorded: close it and press the button again.' } } : undefined);
      }
      const { payload } = submission;
      const user = slackUser(interactionScope(payload).scope, payload.user.id, profiles.peek(payload.user.id)?.name ?? payload.user.username ?? payload.user.name ?? payload.user.id, profiles.peek(payload.user.id)?.timeZone);
      await deliver(formEvent(submission, user), interaction(ack, afterAcks, undefined, payload.trigger_id));
    }),
  );

  // Bolt acknowledges Events API deliveries before their listener runs: all of an event's work comes after.
  app.event('app_mention', ({ event, body, context }) =>
    track(async () => {
      await afterAcks();
      const e = event as { user?: string; text?: string; channel: string; ts: string; thread_ts?: string };
      if (!e.user) return;
      const b = body as { team_id: string; enterprise_id?: string; event_id: string };
      const profile = await profiles.get(e.user);
      const user = slackUser(b.enterprise_id ?? b.team_id, e.user, profile.name, profile.timeZone);
      const conv = conversation(b.team_id, e.channel, e.thread_ts, e.ts);
      let typed: ParsedCommand;
      try {
        typed = parseCommandText(mentionText(e.text ?? '', context.botUserId));
      } catch (error) {
        if (error instanceof UserError) return outbound.postPrivate(conv, user, notice(describeUserError(error)));
        throw error;
      }
      const command = { type: 'command' as const, user, conv, eventId: `event:${b.event_id}`, name: typed.name, args: typed.args };
      await deliver(await withAdmin(command, e.user));
    }),
  );

  app.event('message', ({ event, body, context }) =>
    track(async () => {
      await afterAcks();
      const reply = threadReply(event as unknown as RawMessage, context.botUserId);
      if (!reply) return;
      const b = body as { team_id: string; enterprise_id?: string; event_id: string };
      const profile = await profiles.get(reply.user);
      await deliver({
        type: 'message',
        user: slackUser(b.enterprise_id ?? b.team_id, reply.user, profile.name, profile.timeZone),
        conv: conversation(b.team_id, reply.channel, reply.threadTs),
        eventId: `event:${b.event_id}`,
        messageId: reply.ts,
        text: decodeSlackText(reply.text),
        ...(reply.edited ? { edited: true } : {}),
      });
    }),
  );

  app.event('app_home_opened', ({ event, body }) =>
    track(async () => {
      await afterAcks();
      const overview = ctx.overview;
      if (event.tab !== 'home' || !overview) return;
      const b = body as { team_id: string; enterprise_id?: string };
      const profile = await profiles.get(event.user);
      const home = await overview(slackUser(b.enterprise_id ?? b.team_id, event.user, profile.name, profile.timeZone));
      await app.client.views.publish({ user_id: event.user, view: renderHome(home) });
    }),
  );

  app.error(async (error) => logger.error({ err: error }, 'slack listener failed'));
}

interface RawMessage {
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  channel: string;
  ts: string;
  thread_ts?: string;
  message?: RawMessage;
}

/**
 * A person's reply in a thread (lesson threads are where explain answers and code go), or an edit of one.
 * Messages outside threads, the bot's own, other subtypes, and messages that mention the coach (those
 * arrive as app_mention too) are not for the core.
 */
export function threadReply(raw: RawMessage, botUserId: string | undefined): { user: string; channel: string; ts: string; threadTs: string; text: string; edited: boolean } | undefined {
  const edited = raw.subtype === 'message_changed';
  if (raw.subtype !== undefined && !edited && raw.subtype !== 'file_share') return undefined;
  const m = edited ? raw.message : raw;
  if (!m || !m.user || m.bot_id || m.subtype === 'bot_message' || typeof m.text !== 'string') return undefined;
  if (!m.thread_ts || m.thread_ts === m.ts) return undefined;
  if (botUserId && m.text.includes(`<@${botUserId}>`)) return undefined;
  return { user: m.user, channel: raw.channel, ts: m.ts, threadTs: m.thread_ts, text: m.text, edited };
}
