// Discord interactions and messages as the core's inbound events: who (user id, display name kept
// current), where (guild -> workspace, a thread -> its parent channel plus the thread), what, and
// whether the person may run admin-only commands (Manage Server or the configured role).
import { PermissionFlagsBits } from 'discord.js';
import type { APIInteractionGuildMember, Channel, GuildMember, Interaction, Message, User } from 'discord.js';
import type { ConvRef, InboundEvent, UserRef } from '../../core/messages.ts';
import { parseButtonCustomId, parseModalCustomId } from './custom-id.ts';

/** Stands for a button the bot cannot read (another version's, or forged): the core answers it as outdated. */
export const OUTDATED = 'outdated';

export function userRef(user: User, member?: GuildMember | APIInteractionGuildMember | null): UserRef {
  const nick = !member ? undefined : 'nickname' in member ? member.nickname : member.nick;
  return { platform: 'discord', id: user.id, name: nick || user.globalName || user.username };
}

/** Where a message or interaction is: threads belong to their parent channel. */
export function convOf(guildId: string, channel: Channel): ConvRef {
  if (channel.isThread() && channel.parentId) return { platform: 'discord', workspaceId: guildId, channelId: channel.parentId, threadId: channel.id };
  return { platform: 'discord', workspaceId: guildId, channelId: channel.id };
}

export function isAdmin(interaction: Interaction, adminRoleId: string | undefined): boolean {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  if (!adminRoleId || !interaction.member) return false;
  const roles = interaction.member.roles;
  return Array.isArray(roles) ? roles.includes(adminRoleId) : roles.cache.has(adminRoleId);
}

/** The core event for an interaction, or undefined for kinds the coach does not take (autocomplete is answered apart). */
export function interactionEvent(interaction: Interaction, conv: ConvRef, adminRoleId: string | undefined): InboundEvent | undefined {
  const base = { user: userRef(interaction.user, interaction.member), conv, eventId: interaction.id, isAdmin: isAdmin(interaction, adminRoleId) };
  if (interaction.isChatInputCommand()) {
    const args = Object.fromEntries(interaction.options.data.map((o) => [o.name, o.value === undefined ? '' : String(o.value)]));
    return { ...base, type: 'command', name: interaction.commandName, args };
  }
  if (interaction.isButton()) {
    const parsed = parseButtonCustomId(interaction.customId) ?? { actionId: OUTDATED, value: interaction.customId };
    return { ...base, type: 'action', messageId: interaction.message.id, actionId: parsed.actionId, value: parsed.value };
  }
  if (interaction.isModalSubmit()) {
    const values = Object.fromEntries(interaction.fields.fields.map((field) => [field.customId, 'value' in field ? String(field.value) : '']));
    return { ...base, type: 'form', formId: parseModalCustomId(interaction.customId) ?? OUTDATED, values };
  }
  return undefined;
}

/** A member's message in a thread (code to run, an explanation typed out); the bot's own are not events. */
export function messageEvent(message: Message, edited = false): InboundEvent | undefined {
  if (message.author.bot || !message.guildId || !message.channel.isThread()) return undefined;
  const conv = convOf(message.guildId, message.channel);
  const eventId = edited ? `${message.id}:edit:${message.editedTimestamp ?? 0}` : message.id;
  const base = { user: userRef(message.author, message.member), conv, eventId };
  return { ...base, type: 'message', messageId: message.id, text: message.content, ...(edited ? { edited: true } : {}) };
}
