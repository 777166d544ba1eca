// Slack payloads -> the core's inbound events. Only the fields the coach reads are parsed, with zod, so a
// payload missing one (or of a shape Slack does not send) is refused here instead of failing deep inside.
import { z } from 'zod';
import { findCommand, positionalArgs, COMMANDS } from '../../core/commands.ts';
import { UserError } from '../../core/errors.ts';
import type { ConvRef, InboundEvent, UserRef } from '../../core/messages.ts';
import { actionIdOf } from './render.ts';

/**
 * A person is `${enterprise_id ?? team_id}:${user_id}`. On Enterprise Grid one user id is the same person
 * in every workspace of the organisation, so the organisation is the scope that keeps them one learner;
 * elsewhere a user id is only meaningful within its team.
 */
export function slackUser(scope: string, userId: string, name: string, timeZone?: string): UserRef {
  return { platform: 'slack', id: `${scope}:${userId}`, name, ...(timeZone ? { timeZone } : {}) };
}

/** The Slack user id inside a UserRef made by slackUser. */
export function slackUserId(user: UserRef): string {
  return user.id.slice(user.id.lastIndexOf(':') + 1);
}

/** Which workspace a UserRef belongs to (its team, or its organisation on Enterprise Grid). */
export function slackScope(user: UserRef): string {
  return user.id.slice(0, user.id.lastIndexOf(':'));
}

export function conversation(team: string, channel: string, threadTs?: string, ts?: string): ConvRef {
  // A thread's parent carries thread_ts equal to its own ts: it belongs to the channel, not the thread.
  const inThread = threadTs !== undefined && threadTs !== ts;
  return { platform: 'slack', workspaceId: team, channelId: channel, ...(inThread ? { threadId: threadTs } : {}) };
}

/** Slack sends &, < and > as entities and wraps links as <url|text>; the core reads plain text. */
export function decodeSlackText(text: string): string {
  return text
    .replace(/<(https?:\/\/[^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<(https?:\/\/[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export interface ParsedCommand {
  name: string;
  args: Record<string, string>;
}

/**
 * `lesson django 33` -> the `lesson` command with its arguments; an empty text is `help`. Any command of
 * the core's table works, with its arguments in declaration order. An unknown name or wrong arguments
 * fail here with the UserError the core would give, naming the command as it is typed on Slack.
 */
export function parseCommandText(text: string): ParsedCommand {
  // Slack's clients may type curly quotes; the core's quoted arguments ("weekdays 09:00") use straight ones.
  const trimmed = decodeSlackText(text).replace(/[\u201c\u201d]/g, '"').trim();
  if (!trimmed) return { name: 'help', args: {} };
  const first = trimmed.split(/\s+/, 1)[0]!;
  const name = first.replace(/^\//, '').toLowerCase();
  if (!COMMANDS.some((c) => c.name === name)) throw new UserError('unknownCommand', { command: `coach ${first.slice(0, 40)}` });
  return { name, args: positionalArgs(findCommand(name), trimmed.slice(first.length)) };
}

export const isAdminOnly = (name: string) => COMMANDS.some((c) => c.name === name && c.admin === true);

/** "<@UBOT> quiz django" -> "quiz django" (the bot's mention, and any before the text, taken out). */
export function mentionText(text: string, botUserId: string | undefined): string {
  const withoutBot = botUserId ? text.split(`<@${botUserId}>`).join(' ') : text.replace(/^\s*<@[A-Z0-9]+>/, ' ');
  return withoutBot.trim();
}

const id = z.string().min(1).max(255);

export const commandSchema = z.object({
  team_id: id,
  enterprise_id: id.optional(),
  channel_id: id,
  user_id: id,
  user_name: z.string().max(255),
  text: z.string().max(4000),
  trigger_id: id,
  response_url: z.url(),
});

// Who an interaction (a click or a modal submission) comes from, and its one-use trigger.
const interactionOrigin = {
  user: z.object({ id, username: z.string().optional(), name: z.string().optional(), team_id: id.optional() }),
  team: z.object({ id }).nullable().optional(),
  enterprise: z.object({ id }).nullable().optional(),
  trigger_id: id,
};

const actionSchema = z.object({
  type: z.literal('block_actions'),
  ...interactionOrigin,
  response_url: z.url().optional(),
  channel: z.object({ id }).optional(),
  container: z.object({ type: z.string(), channel_id: id.optional(), message_ts: id.optional(), thread_ts: id.optional(), is_ephemeral: z.boolean().optional() }),
  message: z.object({ ts: id, thread_ts: id.optional() }).optional(),
  actions: z.array(z.object({ action_id: id, value: z.string().max(2000).optional(), action_ts: id })).min(1),
});
export type ActionPayload = z.infer<typeof actionSchema>;

export function parseAction(body: unknown): ActionPayload | undefined {
  const parsed = actionSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}

/** The team and person of an interaction (enterprise-wide installs may have no team). */
export function interactionScope(body: { team?: { id: string } | null; enterprise?: { id: string } | null; user: { team_id?: string | undefined } }): { team: string; scope: string } {
  const team = body.team?.id ?? body.user.team_id ?? body.enterprise?.id ?? 'unknown';
  return { team, scope: body.enterprise?.id ?? team };
}

/** A click -> the core's action event; undefined when it came from outside a message (App Home). */
export function actionEvent(body: ActionPayload, user: UserRef): (InboundEvent & { type: 'action' }) | undefined {
  const action = body.actions[0]!;
  const channel = body.channel?.id ?? body.container.channel_id;
  const ts = body.message?.ts ?? body.container.message_ts;
  if (!channel || !ts) return undefined;
  const { team } = interactionScope(body);
  return {
    type: 'action',
    user,
    conv: conversation(team, channel, body.message?.thread_ts ?? body.container.thread_ts, ts),
    // Clicks have no delivery id: when it was clicked, by whom, on what identifies one click.
    eventId: `action:${action.action_ts}:${body.user.id}:${action.action_id}`,
    messageId: ts,
    actionId: actionIdOf(action.action_id),
    value: action.value ?? '',
  };
}

const submissionSchema = z.object({
  type: z.literal('view_submission'),
  ...interactionOrigin,
  view: z.object({
    private_metadata: z.string().max(3000),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullable().optional() }))) }),
  }),
});
export type SubmissionPayload = z.infer<typeof submissionSchema>;

/** What a modal carries back: which form, and the conversation it was opened from. */
const formMetadataSchema = z.object({ form: z.string().min(1).max(255), team: id, channel: id, thread: id.optional() });
export type FormMetadata = z.infer<typeof formMetadataSchema>;

export function formMetadata(formId: string, conv: ConvRef): string {
  return JSON.stringify({ form: formId, team: conv.workspaceId, channel: conv.channelId, ...(conv.threadId ? { thread: conv.threadId } : {}) });
}

export function parseSubmission(body: unknown): { payload: SubmissionPayload; metadata: FormMetadata } | undefined {
  const payload = submissionSchema.safeParse(body);
  if (!payload.success) return undefined;
  let metadata: unknown;
  try {
    metadata = JSON.parse(payload.data.view.private_metadata);
  } catch {
    return undefined;
  }
  const parsed = formMetadataSchema.safeParse(metadata);
  return parsed.success ? { payload: payload.data, metadata: parsed.data } : undefined;
}

export function formEvent(submission: { payload: SubmissionPayload; metadata: FormMetadata }, user: UserRef): InboundEvent {
  const values: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(submission.payload.view.state.values)) {
    const value = Object.values(actions)[0]?.value;
    if (typeof value === 'string') values[blockId] = value;
  }
  const { metadata } = submission;
  return {
    type: 'form',
    user,
    conv: conversation(metadata.team, metadata.channel, metadata.thread),
    eventId: `form:${submission.payload.trigger_id}`,
    formId: metadata.form,
    values,
  };
}

export function userError(error: unknown): UserError | undefined {
  return error instanceof UserError ? error : undefined;
}
