// The fake's REST API under /api/v10: the routes the bot uses, answered as Discord answers them (status
// codes and JSON error codes included), every call recorded, and a 429 with retry_after on request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChannelType, InteractionResponseType, MessageFlags, PermissionFlagsBits, RESTJSONErrorCodes, type APIChannel } from 'discord-api-types/v10';
import { snowflake } from './ids.ts';
import type { FakeState, InteractionRecord, MessageBody, StoredMessage } from './state.ts';

type Reply = { status: number; body?: unknown };
type Handler = (match: RegExpExecArray, body: any, query: URLSearchParams) => Reply;

export interface RestHooks {
  gatewayUrl(): string;
  /** A thread was created: Discord tells the bot over the gateway too. */
  threadCreated(channel: APIChannel): void;
}

/** The next `remaining` matching calls are answered 429 (with retry_after) or with a scripted error. */
export interface FaultRule {
  method: string;
  path: RegExp;
  remaining: number;
  reply: { status: 429; retryAfter: number } | { status: number; code: number; message: string };
}

const error = (status: number, code: number, message: string): Reply => ({ status, body: { code, message } });
const noContent: Reply = { status: 204 };

export class FakeRest {
  readonly faults: FaultRule[] = [];
  private readonly routes: [string, RegExp, Handler][];

  constructor(
    private readonly state: FakeState,
    private readonly token: string,
    private readonly appId: string,
    private readonly hooks: RestHooks,
  ) {
    const wh = `/webhooks/${appId}/([^/]+)`;
    this.routes = [
      ['GET', /^\/gateway\/bot$/, () => ({ status: 200, body: { url: hooks.gatewayUrl(), shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } } })],
      ['POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/, (m, body) => this.callback(m[1]!, m[2]!, body)],
      ['PATCH', new RegExp(`^${wh}/messages/(@original|\\d+)$`), (m, body) => this.editWebhookMessage(m[1]!, m[2]!, body)],
      ['DELETE', new RegExp(`^${wh}/messages/(@original|\\d+)$`), (m) => this.deleteWebhookMessage(m[1]!, m[2]!)],
      ['POST', new RegExp(`^${wh}$`), (m, body) => this.followUp(m[1]!, body)],
      ['POST', /^\/channels\/(\d+)\/messages$/, (m, body) => this.postMessage(m[1]!, body)],
      ['PATCH', /^\/channels\/(\d+)\/messages\/(\d+)$/, (m, body) => this.editChannelMessage(m[1]!, m[2]!, body)],
      ['POST', /^\/channels\/(\d+)\/threads$/, (m, body) => this.createThread(m[1]!, body)],
      ['GET', /^\/channels\/(\d+)$/, (m) => this.getChannel(m[1]!)],
      ['POST', /^\/users\/@me\/channels$/, (_m, body) => this.openDirect(body)],
      ['PUT', new RegExp(`^/applications/${appId}/commands$`), (_m, body) => this.putCommands('global', body)],
      ['PUT', new RegExp(`^/applications/${appId}/guilds/(\\d+)/commands$`), (m, body) => this.putCommands(m[1]!, body)],
    ];
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const body = raw ? (JSON.parse(raw) as unknown) : undefined;
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const method = req.method ?? 'GET';
    const reply = this.route(method, path, url.searchParams, body, req.headers.authorization);
    this.state.calls.push({ method, path, query: url.search, body, status: reply.status, at: performance.now() });
    const headers: Record<string, string> = reply.body === undefined ? {} : { 'content-type': 'application/json' };
    if (reply.status === 429) {
      const retry = (reply.body as { retry_after: number }).retry_after;
      Object.assign(headers, { 'retry-after': String(retry), 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': String(retry), 'x-ratelimit-scope': 'user' });
    }
    res.writeHead(reply.status, headers);
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  private route(method: string, path: string, query: URLSearchParams, body: unknown, authorization: string | undefined): Reply {
    for (const [m, pattern, handler] of this.routes) {
      const match = m === method ? pattern.exec(path) : null;
      if (!match) continue;
      // Interaction callbacks and webhooks are authorised by the interaction token in the path.
      const tokenInPath = path.startsWith('/interactions/') || path.startsWith('/webhooks/');
      if (!tokenInPath && authorization !== `Bot ${this.token}`) return error(401, 0, '401: Unauthorized');
      const fault = this.faults.find((r) => r.method === method && r.path.test(path) && r.remaining > 0);
      if (fault) {
        fault.remaining -= 1;
        const { reply } = fault;
        if ('retryAfter' in reply) return { status: 429, body: { message: 'You are being rate limited.', retry_after: reply.retryAfter, global: false } };
        return error(reply.status, reply.code, reply.message);
      }
      return handler(match, body, query);
    }
    return error(404, 0, `404: Not Found (${method} ${path})`);
  }

  private interaction(id: string, token: string): InteractionRecord | undefined {
    const record = this.state.interactions.get(id);
    return record && record.token === token ? record : undefined;
  }

  private byToken(token: string): InteractionRecord | undefined {
    return [...this.state.interactions.values()].find((i) => i.token === token);
  }

  private callback(id: string, token: string, body: { type: number; data?: any }): Reply {
    const record = this.interaction(id, token);
    if (!record) return error(404, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction');
    if (record.callbacks.length > 0) return error(400, RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged, 'Interaction has already been acknowledged.');
    record.callbacks.push({ type: body.type, data: body.data, at: performance.now() });
    const ephemeral = ((body.data?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    const owner = ephemeral ? { ephemeralFor: record.userId } : {};
    switch (body.type) {
      case InteractionResponseType.ChannelMessageWithSource:
        record.originalId = this.state.createMessage(record.channelId, body.data, { ...owner, interactionId: id }).api.id;
        break;
      case InteractionResponseType.DeferredChannelMessageWithSource:
        record.originalId = this.state.createMessage(record.channelId, { flags: body.data?.flags ?? 0 }, { ...owner, thinking: true, interactionId: id }).api.id;
        break;
      case InteractionResponseType.DeferredMessageUpdate:
        record.originalId = record.messageId;
        break;
      case InteractionResponseType.UpdateMessage: {
        record.originalId = record.messageId;
        const shown = record.messageId ? this.state.message(record.messageId) : undefined;
        if (shown) this.state.editMessage(shown, body.data);
        break;
      }
      case InteractionResponseType.Modal:
        this.state.modals.push({ userId: record.userId, interactionId: id, customId: body.data.custom_id, title: body.data.title, components: body.data.components });
        break;
    }
    return noContent;
  }

  private target(token: string, which: string): { record: InteractionRecord; stored: StoredMessage } | Reply {
    const record = this.byToken(token);
    if (!record || record.callbacks.length === 0) return error(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook');
    const id = which === '@original' ? record.originalId : which;
    const stored = id ? this.state.message(id) : undefined;
    const own = id === record.originalId || record.followUpIds.includes(id ?? '');
    if (!stored || !own) return error(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
    return { record, stored };
  }

  private editWebhookMessage(token: string, which: string, body: MessageBody): Reply {
    const found = this.target(token, which);
    if (!('stored' in found)) return found;
    return { status: 200, body: this.state.editMessage(found.stored, body) };
  }

  private deleteWebhookMessage(token: string, which: string): Reply {
    const found = this.target(token, which);
    if (!('stored' in found)) return found;
    this.state.deleteMessage(found.stored);
    return noContent;
  }

  private followUp(token: string, body: MessageBody): Reply {
    const record = this.byToken(token);
    if (!record || record.callbacks.length === 0) return error(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook');
    const ephemeral = ((body.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    const stored = this.state.createMessage(record.channelId, body, { ...(ephemeral ? { ephemeralFor: record.userId } : {}), interactionId: record.id });
    record.followUpIds.push(stored.api.id);
    return { status: 200, body: stored.api };
  }

  private postMessage(channelId: string, body: MessageBody): Reply {
    const channel = this.state.channels.get(channelId);
    if (!channel) return error(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel');
    const needed = channel.type === ChannelType.PublicThread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
    if ((channel.permissions & needed) === 0n) return error(403, RESTJSONErrorCodes.MissingPermissions, 'Missing Permissions');
    if ((body.content ?? '').length > 2000) return error(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body (content: Must be 2000 or fewer in length.)');
    return { status: 200, body: this.state.createMessage(channelId, body).api };
  }

  private editChannelMessage(channelId: string, messageId: string, body: MessageBody): Reply {
    const stored = this.state.message(messageId);
    // Ephemeral messages exist only for their person: the channel route cannot reach them.
    if (!stored || stored.api.channel_id !== channelId || stored.ephemeralFor) return error(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
    return { status: 200, body: this.state.editMessage(stored, body) };
  }

  private createThread(parentId: string, body: { name: string; type?: number; auto_archive_duration?: number }): Reply {
    const parent = this.state.channels.get(parentId);
    if (!parent) return error(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel');
    if ((parent.permissions & PermissionFlagsBits.CreatePublicThreads) === 0n) return error(403, RESTJSONErrorCodes.MissingPermissions, 'Missing Permissions');
    if (!body.name || body.name.length > 100) return error(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body (name)');
    const thread = this.state.addChannel({ id: snowflake(), type: ChannelType.PublicThread, name: body.name, parentId, permissions: parent.permissions });
    const api = this.apiChannel(thread.id)!;
    this.hooks.threadCreated(api);
    return { status: 201, body: api };
  }

  /** One DM channel per person, as Discord answers the same one each time. */
  private openDirect(body: { recipient_id?: string }): Reply {
    if (!body.recipient_id) return error(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body (recipient_id)');
    const existing = [...this.state.channels.values()].find((c) => c.type === ChannelType.DM && c.recipientId === body.recipient_id);
    const dm = existing ?? this.state.addChannel({ id: snowflake(), type: ChannelType.DM, name: '', recipientId: body.recipient_id, permissions: PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel });
    return { status: 200, body: this.apiChannel(dm.id) };
  }

  private getChannel(id: string): Reply {
    const api = this.apiChannel(id);
    return api ? { status: 200, body: api } : error(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel');
  }

  apiChannel(id: string): APIChannel | undefined {
    const channel = this.state.channels.get(id);
    if (!channel) return undefined;
    if (channel.type === ChannelType.DM) return { id, type: ChannelType.DM, name: null, last_message_id: null, recipients: [{ id: channel.recipientId!, username: 'member', discriminator: '0', global_name: null, avatar: null }] } as APIChannel;
    const base = { id, guild_id: this.state.guildId, name: channel.name, position: 0, permission_overwrites: [], nsfw: false, flags: 0 };
    if (channel.type === ChannelType.GuildText) return { ...base, type: ChannelType.GuildText, parent_id: null, topic: null, last_message_id: null, rate_limit_per_user: 0 } as APIChannel;
    return {
      ...base,
      type: ChannelType.PublicThread,
      parent_id: channel.parentId!,
      owner_id: this.state.bot.id,
      member_count: 1,
      message_count: 0,
      total_message_sent: 0,
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
    } as APIChannel;
  }

  private putCommands(scope: string, body: unknown[]): Reply {
    if (scope !== 'global' && scope !== this.state.guildId) return error(404, RESTJSONErrorCodes.UnknownGuild, 'Unknown Guild');
    const saved = body.map((c) => ({ id: snowflake(), application_id: this.appId, version: snowflake(), ...(c as object), ...(scope === 'global' ? {} : { guild_id: scope }) }));
    this.state.commands.set(scope, saved);
    return { status: 200, body: saved };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
