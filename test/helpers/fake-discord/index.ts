// A fake Discord on loopback: REST under http://127.0.0.1:<port>/api/v10 and a gateway at /gateway, one
// guild with a text channel, and members who run slash commands, click buttons, submit modals and post
// messages, each dispatched over the gateway as Discord would. Point discord.js at it with
// `rest: { api: fake.apiUrl }`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  InteractionType,
  PermissionFlagsBits,
  type APIInteraction,
  type GuildMemberFlags,
  type APIInteractionGuildMember,
  type APIUser,
} from 'discord-api-types/v10';
import { interactionToken, snowflake } from './ids.ts';
import { FakeGateway } from './gateway.ts';
import { FakeRest } from './rest.ts';
import { FakeState, type FakeChannel, type InteractionRecord, type StoredMessage } from './state.ts';

export type { FakeChannel, InteractionRecord, StoredMessage } from './state.ts';

export const BOT_PERMISSIONS_ALL =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.SendMessagesInThreads | PermissionFlagsBits.CreatePublicThreads | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.ReadMessageHistory;

export interface Member {
  user: APIUser;
  nick: string | null;
  roles: string[];
  permissions: bigint;
}

export interface FakeDiscordOptions {
  token?: string;
  appId?: string;
  /** HELLO's heartbeat interval (ms): Discord's is ~41 s; tests shorten it to see heartbeats. */
  heartbeatInterval?: number;
}

export class FakeDiscord {
  readonly token: string;
  readonly appId: string;
  readonly guildId = snowflake();
  readonly state: FakeState;
  readonly channel: FakeChannel;
  readonly members = new Map<string, Member>();
  /** Roles of the guild besides @everyone. */
  readonly roles: { id: string; name: string }[] = [];
  private readonly server: Server;
  private readonly restApi: FakeRest;
  readonly gateway: FakeGateway;
  private port = 0;

  private constructor(options: FakeDiscordOptions) {
    this.token = options.token ?? 'fake-bot-token.DO-NOT-LOG.0123456789';
    this.appId = options.appId ?? snowflake();
    const bot: APIUser = { id: this.appId, username: 'Interview Coach', discriminator: '0000', global_name: null, avatar: null, bot: true };
    this.state = new FakeState(bot, this.guildId);
    this.channel = this.state.addChannel({ id: snowflake(), type: ChannelType.GuildText, name: 'study-room', permissions: BOT_PERMISSIONS_ALL });
    this.restApi = new FakeRest(this.state, this.token, this.appId, {
      gatewayUrl: () => this.gatewayUrl,
      threadCreated: (channel) => this.gateway.dispatch(GatewayDispatchEvents.ThreadCreate, { ...channel, newly_created: true }),
    });
    this.server = createServer((req, res) => void this.restApi.handle(req, res));
    this.gateway = new FakeGateway(this.server, this.token, () => this.gatewayUrl, { ready: (id, url) => this.readyPayloads(id, url) }, options.heartbeatInterval ?? 41_250);
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  /** The next `times` calls matching method and path answer 429 with retry_after (seconds). */
  rateLimit(method: string, path: RegExp, retryAfter: number, times = 1): void {
    this.restApi.faults.push({ method, path, remaining: times, reply: { status: 429, retryAfter } });
  }

  /** The next `times` calls matching method and path fail with this status and JSON error code. */
  fail(method: string, path: RegExp, status: number, code: number, message: string, times = 1): void {
    this.restApi.faults.push({ method, path, remaining: times, reply: { status, code, message } });
  }

  /** A thread a member opened (not the bot): the bot learns of it over the gateway and does not track it. */
  memberThread(name: string): FakeChannel {
    const thread = this.state.addChannel({ id: snowflake(), type: ChannelType.PublicThread, name, parentId: this.channel.id, permissions: this.channel.permissions });
    this.gateway.dispatch(GatewayDispatchEvents.ThreadCreate, { ...this.restApi.apiChannel(thread.id), newly_created: true });
    return thread;
  }

  /** Changes what the bot may do in a channel (and in threads opened from it afterwards). */
  setBotPermissions(channelId: string, permissions: bigint): void {
    this.state.channels.get(channelId)!.permissions = permissions;
  }

  /** A role in the guild (before the bot connects: it arrives with GUILD_CREATE; after: with GUILD_ROLE_CREATE). */
  role(name: string): string {
    const role = { id: snowflake(), name };
    this.roles.push(role);
    if (this.gateway.hasSession) this.gateway.dispatch(GatewayDispatchEvents.GuildRoleCreate, { guild_id: this.guildId, role: apiRole(role.id, name, 0n) });
    return role.id;
  }

  member(name: string, options: { nick?: string; roles?: string[]; permissions?: bigint } = {}): Member {
    const existing = this.members.get(name);
    if (existing) return existing;
    const user: APIUser = { id: snowflake(), username: name.toLowerCase().replace(/[^a-z0-9_.]/g, '_').slice(0, 32) || 'user', discriminator: '0', global_name: name, avatar: null };
    const member: Member = { user, nick: options.nick ?? null, roles: options.roles ?? [], permissions: options.permissions ?? (PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages) };
    this.members.set(name, member);
    return member;
  }

  /** A slash command with options as Discord sends them (integers as numbers). */
  command(who: Member, channelId: string, name: string, options: Record<string, string | number> = {}): string {
    const typed = Object.entries(options).map(([option, value]) =>
      typeof value === 'number'
        ? { name: option, type: ApplicationCommandOptionType.Integer as const, value }
        : { name: option, type: ApplicationCommandOptionType.String as const, value },
    );
    return this.interact(who, channelId, InteractionType.ApplicationCommand, { id: snowflake(), name, type: ApplicationCommandType.ChatInput, options: typed });
  }

  /** An autocomplete request while `who` types `value` into `option`. */
  autocomplete(who: Member, channelId: string, name: string, option: string, value: string): string {
    const data = { id: snowflake(), name, type: ApplicationCommandType.ChatInput, options: [{ name: option, type: ApplicationCommandOptionType.String, value, focused: true }] };
    return this.interact(who, channelId, InteractionType.ApplicationCommandAutocomplete, data);
  }

  click(who: Member, messageId: string, customId: string): string {
    const shown = this.state.message(messageId);
    if (!shown) throw new Error(`no message ${messageId}`);
    return this.interact(who, shown.api.channel_id, InteractionType.MessageComponent, { custom_id: customId, component_type: ComponentType.Button }, { message: shown.api });
  }

  submitModal(who: Member, channelId: string, customId: string, values: Record<string, string>): string {
    const components = Object.entries(values).map(([field, value]) => ({ type: ComponentType.ActionRow, components: [{ type: ComponentType.TextInput, custom_id: field, value }] }));
    return this.interact(who, channelId, InteractionType.ModalSubmit, { custom_id: customId, components });
  }

  /** A member posts in a channel or thread (MESSAGE_CREATE); returns the message id. */
  say(who: Member, channelId: string, content: string): string {
    const stored = this.state.createMessage(channelId, { content });
    stored.api.author = who.user;
    this.gateway.dispatch(GatewayDispatchEvents.MessageCreate, { ...stored.api, guild_id: this.guildId, member: this.guildMember(who), mentions: [] });
    return stored.api.id;
  }

  /** A member edits their message (MESSAGE_UPDATE with the new content). */
  edit(who: Member, messageId: string, content: string): string {
    const stored = this.state.message(messageId);
    if (!stored || stored.api.author.id !== who.user.id) throw new Error(`${who.user.username} has no message ${messageId}`);
    stored.api.content = content;
    stored.api.edited_timestamp = new Date().toISOString();
    this.gateway.dispatch(GatewayDispatchEvents.MessageUpdate, { ...stored.api, guild_id: this.guildId, member: this.guildMember(who), mentions: [] });
    return `${messageId}:edit:${Date.parse(stored.api.edited_timestamp)}`;
  }

  /** Dispatches an interaction again exactly as before (Discord redelivering after a reconnect). */
  replay(interactionId: string): void {
    const payload = this.payloads.get(interactionId);
    if (!payload) throw new Error(`no interaction ${interactionId}`);
    this.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
  }

  interaction(id: string): InteractionRecord {
    const record = this.state.interactions.get(id);
    if (!record) throw new Error(`no interaction ${id}`);
    return record;
  }

  /** Resolves when the interaction has its first callback (the acknowledgement). */
  async acknowledged(id: string, timeoutMs = 5000): Promise<InteractionRecord> {
    const started = Date.now();
    while (this.interaction(id).callbacks.length === 0) {
      if (Date.now() - started > timeoutMs) throw new Error(`interaction ${id} was never acknowledged`);
      await new Promise((r) => setTimeout(r, 2));
    }
    return this.interaction(id);
  }

  threads(): FakeChannel[] {
    return this.state.threads();
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private readonly payloads = new Map<string, APIInteraction>();

  private interact(who: Member, channelId: string, type: InteractionType, data: unknown, extra: object = {}): string {
    const id = snowflake();
    const channel = this.state.channels.get(channelId);
    if (!channel) throw new Error(`no channel ${channelId}`);
    const token = interactionToken();
    const payload = {
      id,
      application_id: this.appId,
      type,
      data,
      guild_id: this.guildId,
      guild: { id: this.guildId, locale: 'en-US', features: [] },
      channel_id: channelId,
      channel: this.restApi.apiChannel(channelId),
      member: this.guildMember(who),
      token,
      version: 1,
      app_permissions: String(channel.permissions),
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { 0: this.guildId },
      context: 0,
      attachment_size_limit: 8_388_608,
      ...extra,
    } as unknown as APIInteraction;
    const messageId = (extra as { message?: { id: string } }).message?.id;
    if (this.state.interactions.has(id)) throw new Error(`interaction ${id} exists: use replay() to deliver it again`);
    this.state.interactions.set(id, { id, token, type, userId: who.user.id, channelId, dispatchedAt: performance.now(), callbacks: [], followUpIds: [], ...(messageId ? { messageId } : {}) });
    this.payloads.set(id, payload);
    this.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
    return id;
  }

  private guildMember(who: Member): APIInteractionGuildMember {
    return { user: who.user, nick: who.nick, roles: who.roles, permissions: String(who.permissions), joined_at: '2026-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 as GuildMemberFlags, avatar: null };
  }

  private readyPayloads(sessionId: string, resumeUrl: string): { ready: unknown; guild: unknown } {
    const ready = { v: 10, user: this.state.bot, guilds: [{ id: this.guildId, unavailable: true }], session_id: sessionId, resume_gateway_url: resumeUrl, shard: [0, 1], application: { id: this.appId, flags: 0 } };
    const channels = [...this.state.channels.values()].filter((c) => c.type === ChannelType.GuildText).map((c) => this.restApi.apiChannel(c.id));
    const threads = this.state.threads().map((t) => this.restApi.apiChannel(t.id));
    const everyone = apiRole(this.guildId, '@everyone', BOT_PERMISSIONS_ALL);
    const guild = {
      id: this.guildId,
      name: 'Study group',
      icon: null,
      owner_id: snowflake(),
      roles: [everyone, ...this.roles.map((r) => apiRole(r.id, r.name, 0n))],
      channels,
      threads,
      members: [{ user: this.state.bot, roles: [], joined_at: '2026-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 }],
      member_count: 2,
      large: false,
      unavailable: false,
      joined_at: '2026-01-01T00:00:00.000Z',
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      emojis: [],
      stickers: [],
      features: [],
      preferred_locale: 'en-US',
    };
    return { ready, guild };
  }
}


function apiRole(id: string, name: string, permissions: bigint) {
  return { id, name, permissions: String(permissions), position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 };
}
