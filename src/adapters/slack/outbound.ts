// Everything the adapter sends to Slack: public messages in the channel or thread (chat.postMessage with
// thread_ts), private ones as ephemerals (the interaction's response_url in a channel, chat.postEphemeral
// in a thread, where a response_url would answer in the channel), updates of pressed messages (chat.update;
// an ephemeral one through the response_url of its click), thread parents and modals. Messages are split
// to the adapter's limits first; the last part (which holds the buttons) stands for the message.
import type { WebClient } from '@slack/web-api';
import { UserError } from '../../core/errors.ts';
import type { ConvRef, FormSpec, OutboundMessage, UserRef } from '../../core/messages.ts';
import type { AdapterLimits } from '../../core/ports.ts';
import type { MessageRef } from '../../core/responder.ts';
import { splitMessage } from '../../core/text/index.ts';
import { formMetadata, slackUserId } from './inbound.ts';
import { renderForm, renderMessage, renderThreadParent, type RenderedMessage } from './render.ts';

/** What one interaction allows besides the Web API: its acknowledgement, its response_url, its trigger. */
export interface Interaction {
  /** Bolt's ack, made idempotent: the first call answers the HTTP request, later ones do nothing. */
  ack(body?: Record<string, unknown>): Promise<void>;
  readonly acked: boolean;
  responseUrl?: string | undefined;
  triggerId?: string | undefined;
}

/** Slack lets a response_url be used five times within 30 minutes. */
const RESPONSE_URL_USES = 5;
/** Ephemerals whose clicks came in recently, by ts: they can be updated only through that click's response_url. */
const EPHEMERALS_KEPT = 2000;

export interface Outbound {
  postPublic(conv: ConvRef, msg: OutboundMessage): Promise<MessageRef>;
  postPrivate(conv: ConvRef, user: UserRef, msg: OutboundMessage, interaction?: Interaction): Promise<MessageRef>;
  update(conv: ConvRef, ts: string, msg: OutboundMessage): Promise<void>;
  startThread(conv: ConvRef, title: string, first: OutboundMessage): Promise<ConvRef>;
  openForm(triggerId: string, form: FormSpec, conv: ConvRef): Promise<void>;
  /** A click on an ephemeral: remember how to update it. */
  rememberEphemeral(ts: string, responseUrl: string): void;
}

export function createOutbound(client: WebClient, limits: AdapterLimits): Outbound {
  const ephemerals = new Map<string, string>();
  const urlUses = new WeakMap<Interaction, number>();

  const parts = (msg: OutboundMessage): RenderedMessage[] => splitMessage(msg, limits).map(renderMessage);

  async function postPublic(conv: ConvRef, msg: OutboundMessage): Promise<MessageRef> {
    let ts = '';
    for (const part of parts(msg)) {
      const result = await postMessage({ channel: conv.channelId, ...part, unfurl_links: false, unfurl_media: false, ...(conv.threadId ? { thread_ts: conv.threadId } : {}) });
      ts = result.ts ?? ts;
    }
    return { conv, messageId: ts };
  }

  // A private channel or someone else's DM where the app is no member: the person is told how to fix it
  // (privately, through the interaction) instead of getting an error id.
  async function postMessage(args: Parameters<WebClient['chat']['postMessage']>[0]) {
    try {
      return await client.chat.postMessage(args);
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code === 'not_in_channel' || code === 'channel_not_found') throw new UserError('notInChannel');
      throw error;
    }
  }

  async function postPrivate(conv: ConvRef, user: UserRef, msg: OutboundMessage, interaction?: Interaction): Promise<MessageRef> {
    let ts = '';
    for (const part of parts(msg)) {
      const uses = interaction ? (urlUses.get(interaction) ?? 0) : RESPONSE_URL_USES;
      if (interaction?.responseUrl && !conv.threadId && uses < RESPONSE_URL_USES) {
        urlUses.set(interaction, uses + 1);
        await respond(interaction.responseUrl, { response_type: 'ephemeral', replace_original: false, ...part });
        ts = `ephemeral:${uses}`;
      } else {
        const result = await client.chat.postEphemeral({ channel: conv.channelId, user: slackUserId(user), ...part, ...(conv.threadId ? { thread_ts: conv.threadId } : {}) });
        ts = result.message_ts ?? ts;
      }
    }
    return { conv, messageId: ts };
  }

  async function update(conv: ConvRef, ts: string, msg: OutboundMessage): Promise<void> {
    const rendered = renderMessage(msg);
    const responseUrl = ephemerals.get(ts);
    if (responseUrl) return respond(responseUrl, { replace_original: true, ...rendered });
    await client.chat.update({ channel: conv.channelId, ts, ...rendered });
  }

  async function startThread(conv: ConvRef, title: string, first: OutboundMessage): Promise<ConvRef> {
    const parent = await postMessage({ channel: conv.channelId, ...renderThreadParent(title) });
    if (!parent.ts) throw new Error('chat.postMessage returned no ts for a thread parent');
    const thread: ConvRef = { platform: conv.platform, workspaceId: conv.workspaceId, channelId: conv.channelId, threadId: parent.ts };
    await postPublic(thread, first);
    return thread;
  }

  async function openForm(triggerId: string, form: FormSpec, conv: ConvRef): Promise<void> {
    await client.views.open({ trigger_id: triggerId, view: renderForm(form, formMetadata(form.id, conv)) });
  }

  return {
    postPublic,
    postPrivate,
    update,
    startThread,
    openForm,
    rememberEphemeral(ts, responseUrl) {
      ephemerals.delete(ts);
      ephemerals.set(ts, responseUrl);
      if (ephemerals.size > EPHEMERALS_KEPT) ephemerals.delete(ephemerals.keys().next().value!);
    },
  };
}

/** POSTs to a response_url. The URL is a credential for that interaction: it is never logged. */
async function respond(url: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`Slack refused a response_url message (HTTP ${response.status}: ${(await response.text()).slice(0, 100)})`);
}
