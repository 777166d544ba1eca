// The Discord adapter: a discord.js 14 client on the gateway (intents: Guilds for channels and threads,
// GuildMessages and the privileged MessageContent for code posted in lesson threads), REST through
// discord.js's queue (which waits out a 429 and retries, so no reply is lost), and the core's neutral
// messages rendered by render.ts. Every interaction reaches the core, which acknowledges it first
// (responses.ts) and claims its id, so a redelivered interaction is recorded once.
import { ChannelType, Client, Events, GatewayIntentBits, MessageFlags, Routes, ThreadAutoArchiveDuration } from 'discord.js';
import type { APIChannel, APIMessage, AutocompleteInteraction, Channel, Interaction, Message, PartialMessage } from 'discord.js';
import type { Logger } from 'pino';
import type { DiscordConfig } from '../../config.ts';
import type { Catalog } from '../../core/content/catalog.ts';
import { COMMANDS } from '../../core/commands.ts';
import { describeFailure, describeUserError } from '../../core/error-text.ts';
import { UserError } from '../../core/errors.ts';
import type { ConvRef, InboundEvent, OutboundMessage } from '../../core/messages.ts';
import type { Adapter } from '../../core/ports.ts';
import type { ResponseOps } from '../../core/responder.ts';
import { splitMessage } from '../../core/text/index.ts';
import { newToken } from '../../core/tokens.ts';
import { suggestions } from './autocomplete.ts';
import { convOf, interactionEvent, messageEvent } from './events.ts';
import { parseModalCustomId } from './custom-id.ts';
import { missingPermissions, missingPermissionsText } from './permissions.ts';
import { DISCORD_LIMITS, renderMessage } from './render.ts';
import { interactionOps, messageOps, updateThroughClick, type AnsweredInteraction, type PressedMessages } from './responses.ts';
import { discordCall } from './rest-error.ts';

export const DISCORD_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent];
const THREAD_NAME_MAX = 100;
/** Direct messages belong to no server: their conversations share this workspace id. */
export const DIRECT_WORKSPACE = '@me';

export interface DiscordAdapterOptions {
  config: DiscordConfig;
  catalog: Catalog;
  logger: Logger;
}

export interface DiscordAdapter extends Adapter {
  readonly client: Client;
}

type OnEvent = (e: InboundEvent) => Promise<void>;

export function createDiscordAdapter({ config, catalog, logger }: DiscordAdapterOptions): DiscordAdapter {
  const log = logger.child({ module: 'discord' });
  // No zlib-sync is installed, so discord.js asks the gateway for uncompressed JSON.
  const client = new Client({ intents: DISCORD_INTENTS, rest: { api: config.apiUrl }, allowedMentions: { parse: [] } });
  const pressed: PressedMessages = new Map();
  const opsByEvent = new WeakMap<InboundEvent, ResponseOps>();

  async function post(conv: ConvRef, msg: OutboundMessage, replyTo?: string): Promise<{ messageId: string }> {
    const channelId = conv.threadId ?? conv.channelId;
    let last = '';
    // One part after another: discord.js queues them per channel and waits out a 429 before retrying.
    for (const [index, part] of splitMessage(msg, DISCORD_LIMITS).entries()) {
      const reference = replyTo && index === 0 ? { message_reference: { message_id: replyTo, fail_if_not_exists: false } } : {};
      const body = { ...renderMessage(part), ...reference };
      last = ((await discordCall('post a message', () => client.rest.post(Routes.channelMessages(channelId), { body }))) as APIMessage).id;
    }
    return { messageId: last };
  }

  async function channelOf(interaction: Interaction): Promise<Channel | null> {
    if (interaction.channel) return interaction.channel;
    return interaction.channelId ? discordCall('fetch the channel', () => client.channels.fetch(interaction.channelId!)) : null;
  }

  /** Whether answering may post in the channel or open a thread there (private commands and modal submits only answer through the interaction). */
  function postsInChannel(interaction: AnsweredInteraction): boolean {
    if (interaction.isChatInputCommand()) return COMMANDS.find((c) => c.name === interaction.commandName)?.reply === 'public';
    return interaction.isButton();
  }

  /** `/drill create` answers privately, yet it schedules a thread in this channel at every run. */
  function schedulesInChannel(interaction: AnsweredInteraction): boolean {
    return interaction.isChatInputCommand() && interaction.commandName === 'drill' && interaction.options.getString('action') === 'create';
  }

  async function onInteraction(interaction: Interaction, onEvent: OnEvent): Promise<void> {
    if (interaction.isAutocomplete()) return autocomplete(interaction);
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isModalSubmit()) return;
    try {
      const channel = await channelOf(interaction);
      if (!interaction.inGuild() || !channel) {
        await discordCall('refuse a direct message', () => interaction.reply({ content: 'I work in servers: use my commands in a channel of your study group.', flags: MessageFlags.Ephemeral }));
        return;
      }
      const missing = postsInChannel(interaction) ? missingPermissions(interaction.appPermissions, channel.isThread()) : [];
      if (missing.length > 0) {
        await discordCall('report missing permissions', () => interaction.reply({ content: missingPermissionsText(missing), flags: MessageFlags.Ephemeral }));
        return;
      }
      // The core proves it may post by posting its announcement, but a thread needs more than that:
      // without this a drill would be scheduled whose every run fails.
      const missingForDrill = schedulesInChannel(interaction) ? missingPermissions(interaction.appPermissions, false) : [];
      if (missingForDrill.length > 0) {
        const content = describeUserError(new UserError('cannotPost', { reason: `missing ${missingForDrill.join(', ')}` }));
        await discordCall('report missing permissions', () => interaction.reply({ content, flags: MessageFlags.Ephemeral }));
        return;
      }
      if (interaction.isModalSubmit() && parseModalCustomId(interaction.customId) === undefined) {
        const content = describeUserError(new UserError('badForm', { reason: 'it came from an older version of the bot' }));
        await discordCall('refuse an old form', () => interaction.reply({ content, flags: MessageFlags.Ephemeral }));
        return;
      }
      const conv = convOf(interaction.guildId, channel);
      const event = interactionEvent(interaction, conv, config.adminRoleId);
      if (!event) return;
      opsByEvent.set(event, interactionOps(interaction, conv, { post }, pressed));
      await onEvent(event);
    } catch (error) {
      await apologise(interaction, error);
    } finally {
      if (interaction.isButton()) pressed.delete(interaction.message.id);
    }
  }

  async function autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const kind = COMMANDS.find((c) => c.name === interaction.commandName)?.args.find((a) => a.name === focused.name)?.complete;
    try {
      await discordCall('suggest values', () => interaction.respond(kind ? suggestions(catalog, kind, String(focused.value)) : []));
    } catch (error) {
      log.warn({ err: error }, 'could not answer an autocomplete request');
    }
  }

  /** The adapter's own failures (the core answers its own): a short private apology with an id that is in the log. */
  async function apologise(interaction: AnsweredInteraction, error: unknown): Promise<void> {
    const errorId = newToken().slice(0, 8);
    log.error({ err: error, errorId, interaction: interaction.id }, 'interaction failed in the Discord adapter');
    const content = describeFailure(error, errorId);
    try {
      if (interaction.deferred || interaction.replied) await discordCall('apologise', () => interaction.followUp({ content, flags: MessageFlags.Ephemeral }));
      else await discordCall('apologise', () => interaction.reply({ content, flags: MessageFlags.Ephemeral }));
    } catch (replyError) {
      log.error({ err: replyError, errorId }, 'could not deliver an error message');
    }
  }

  async function onMessage(message: Message | PartialMessage, edited: boolean, onEvent: OnEvent): Promise<void> {
    if (message.partial) return;
    const event = messageEvent(message, edited);
    if (!event) return;
    opsByEvent.set(event, messageOps(event.conv, message.id, { post }));
    try {
      await onEvent(event);
    } catch (error) {
      log.error({ err: error, errorId: newToken().slice(0, 8), message: message.id }, 'message failed in the Discord adapter');
    }
  }

  return {
    platform: 'discord',
    limits: DISCORD_LIMITS,
    client,
    async start(onEvent) {
      client.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction, onEvent));
      client.on(Events.MessageCreate, (message) => void onMessage(message, false, onEvent));
      // Only a changed text is an edit: Discord also sends updates when it adds a link preview.
      client.on(Events.MessageUpdate, (before, after) => void (before.partial || before.content !== after.content ? onMessage(after, true, onEvent) : undefined));
      client.on(Events.Error, (error) => log.error({ err: { name: error.name, message: error.message } }, 'discord client error'));
      client.on(Events.Warn, (message) => log.warn({ detail: message }, 'discord client warning'));
      client.on(Events.ShardDisconnect, (event, shard) => log.warn({ shard, code: event.code }, 'gateway disconnected'));
      client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway session resumed'));
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await discordCall('log in', () => client.login(config.token));
      await ready;
      log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'connected to the Discord gateway');
    },
    async stop() {
      await client.destroy();
    },
    post: (conv, msg) => post(conv, msg),
    responseOps(event) {
      return opsByEvent.get(event) ?? messageOps(event.conv, event.type === 'message' ? event.messageId : '', { post });
    },
    async update(conv, messageId, msg) {
      const click = pressed.get(messageId);
      if (click) return updateThroughClick(click, msg);
      // A message posted in parts is known by its last part; the core sends an update as that part's new
      // version (core/text lastPart), so it fits one message.
      await discordCall('edit a message', () => client.rest.patch(Routes.channelMessage(conv.threadId ?? conv.channelId, messageId), { body: renderMessage(msg) }));
    },
    async openDirect(user) {
      const dm = (await discordCall('open a direct message', () => client.rest.post(Routes.userChannels(), { body: { recipient_id: user.id } }))) as APIChannel;
      return { platform: 'discord', workspaceId: DIRECT_WORKSPACE, channelId: dm.id };
    },
    async startThread(conv, title, first) {
      const body = { name: title.slice(0, THREAD_NAME_MAX), type: ChannelType.PublicThread, auto_archive_duration: ThreadAutoArchiveDuration.OneDay };
      const thread = (await discordCall('open a thread', () => client.rest.post(Routes.threads(conv.channelId), { body }))) as APIChannel;
      const threadConv: ConvRef = { platform: 'discord', workspaceId: conv.workspaceId, channelId: conv.channelId, threadId: thread.id };
      await post(threadConv, first);
      return threadConv;
    },
  };
}
