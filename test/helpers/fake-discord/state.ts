// What the fake Discord holds, as Discord would show it: channels and threads, messages per channel
// (ephemeral ones only for their person), interactions with each callback and when it came, modals
// opened, and every REST call. Tests assert on this state, never on mocked calls.
import {
  ChannelType,
  MessageFlags,
  MessageType,
  type APIActionRowComponent,
  type APIComponentInModalActionRow,
  type APIEmbed,
  type APIMessage,
  type APIMessageTopLevelComponent,
  type APIUser,
} from 'discord-api-types/v10';
import { snowflake } from './ids.ts';

export interface FakeChannel {
  id: string;
  type: ChannelType.GuildText | ChannelType.PublicThread | ChannelType.DM;
  /** A direct message's person. */
  recipientId?: string;
  name: string;
  parentId?: string;
  /** The bot's permissions here (what app_permissions carries and what posting is checked against). */
  permissions: bigint;
}

export interface StoredMessage {
  api: APIMessage;
  /** Ephemeral: only this user sees it. */
  ephemeralFor?: string;
  /** A deferred "thinking…" response no edit has filled yet. */
  thinking: boolean;
  /** How many times it was edited. */
  edits: number;
}

export interface Callback {
  type: number;
  data?: unknown;
  /** performance.now() when the fake received it. */
  at: number;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  userId: string;
  channelId: string;
  /** The message a component was clicked on. */
  messageId?: string;
  /** performance.now() when the gateway dispatched it. */
  dispatchedAt: number;
  callbacks: Callback[];
  /** The message @original refers to once acknowledged. */
  originalId?: string;
  followUpIds: string[];
}

export interface OpenedModal {
  userId: string;
  interactionId: string;
  customId: string;
  title: string;
  components: APIActionRowComponent<APIComponentInModalActionRow>[];
}

export interface RestCall {
  method: string;
  /** Path after /api/v10, without the query. */
  path: string;
  query: string;
  body: unknown;
  status: number;
  at: number;
}

export class FakeState {
  readonly channels = new Map<string, FakeChannel>();
  readonly messages: StoredMessage[] = [];
  readonly interactions = new Map<string, InteractionRecord>();
  readonly modals: OpenedModal[] = [];
  readonly calls: RestCall[] = [];
  /** Registered command sets per scope ('global' or a guild id). */
  readonly commands = new Map<string, unknown[]>();

  constructor(readonly bot: APIUser, readonly guildId: string) {}

  addChannel(channel: FakeChannel): FakeChannel {
    this.channels.set(channel.id, channel);
    return channel;
  }

  threads(): FakeChannel[] {
    return [...this.channels.values()].filter((c) => c.type === ChannelType.PublicThread);
  }

  message(id: string): StoredMessage | undefined {
    return this.messages.find((m) => m.api.id === id);
  }

  /** What `userId` sees in a channel, oldest first: public messages and their own ephemerals, no "thinking…". */
  seenBy(userId: string, channelId: string): StoredMessage[] {
    return this.messages.filter((m) => m.api.channel_id === channelId && !m.thinking && (m.ephemeralFor === undefined || m.ephemeralFor === userId));
  }

  /** Public messages of a channel (what everyone sees). */
  inChannel(channelId: string): StoredMessage[] {
    return this.messages.filter((m) => m.api.channel_id === channelId && m.ephemeralFor === undefined && !m.thinking);
  }

  ephemeralsFor(userId: string): StoredMessage[] {
    return this.messages.filter((m) => m.ephemeralFor === userId && !m.thinking);
  }

  createMessage(channelId: string, body: MessageBody, options: { ephemeralFor?: string; thinking?: boolean; interactionId?: string } = {}): StoredMessage {
    const flags = (body.flags ?? 0) | (options.ephemeralFor ? MessageFlags.Ephemeral : 0) | (options.thinking ? MessageFlags.Loading : 0);
    const api: APIMessage = {
      id: snowflake(),
      channel_id: channelId,
      author: this.bot,
      content: body.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      pinned: false,
      type: options.interactionId ? MessageType.ChatInputCommand : MessageType.Default,
      flags,
      ...(options.interactionId ? { webhook_id: this.bot.id, application_id: this.bot.id } : {}),
    };
    const stored: StoredMessage = { api, thinking: options.thinking ?? false, edits: 0, ...(options.ephemeralFor ? { ephemeralFor: options.ephemeralFor } : {}) };
    this.messages.push(stored);
    return stored;
  }

  editMessage(stored: StoredMessage, body: MessageBody): APIMessage {
    if (body.content !== undefined) stored.api.content = body.content;
    if (body.embeds !== undefined) stored.api.embeds = body.embeds;
    if (body.components !== undefined) stored.api.components = body.components;
    stored.api.flags = (stored.api.flags ?? 0) & ~MessageFlags.Loading;
    stored.api.edited_timestamp = new Date().toISOString();
    stored.thinking = false;
    stored.edits += 1;
    return stored.api;
  }

  deleteMessage(stored: StoredMessage): void {
    this.messages.splice(this.messages.indexOf(stored), 1);
  }
}

export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessageTopLevelComponent[];
  flags?: number;
  allowed_mentions?: unknown;
}
