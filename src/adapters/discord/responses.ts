// How one event is answered on Discord (the core's responder decides which op to call, see
// core/responder.ts). An interaction gets its ONE callback first:
//   a form            -> type 9, the modal
//   a deferred answer -> type 5 "thinking…", ephemeral (flag 64) when private; the first answer fills it
//                        (PATCH @original), others are webhook follow-ups, ephemeral when private
//   a click on an ephemeral message -> type 6 (deferred update) instead: only the clicked interaction can
//                        edit an ephemeral message, and after type 6 its @original is that message
// A plain message has no interaction: answers are posted in its thread, private ones as a reply to it
// (Discord cannot show a reply to a message to one person only).
import { MessageFlags } from 'discord.js';
import type { ButtonInteraction, ChatInputCommandInteraction, InteractionReplyOptions, ModalSubmitInteraction } from 'discord.js';
import type { ConvRef, OutboundMessage } from '../../core/messages.ts';
import type { MessageRef, ResponseOps, Visibility } from '../../core/responder.ts';
import { splitMessage } from '../../core/text/index.ts';
import { DISCORD_LIMITS, renderMessage, renderModal } from './render.ts';
import { discordCall, DiscordCallError } from './rest-error.ts';

export type AnsweredInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

export interface ChannelPoster {
  post(conv: ConvRef, msg: OutboundMessage, replyTo?: string): Promise<{ messageId: string }>;
}

/** Interactions acknowledged with type 6, by the message they were clicked on, so `update` can edit it through them. */
export type PressedMessages = Map<string, ButtonInteraction>;

const flagsFor = (visibility: Visibility) => (visibility === 'private' ? { flags: MessageFlags.Ephemeral as const } : {});

function options(msg: OutboundMessage): { content: string } & Pick<InteractionReplyOptions, 'components' | 'allowedMentions'> {
  const body = renderMessage(msg);
  return { content: body.content, components: body.components, allowedMentions: { parse: [] } };
}

const parts = (msg: OutboundMessage) => splitMessage(msg, DISCORD_LIMITS);

export function interactionOps(interaction: AnsweredInteraction, conv: ConvRef, poster: ChannelPoster, pressed: PressedMessages): ResponseOps {
  let deferred: Visibility = 'public';
  let updating = false;
  /** A redelivered interaction was acknowledged by its first delivery: the core finds its claim and does nothing. */
  let redelivered = false;
  const ref = (messageId: string): MessageRef => ({ conv, messageId });

  async function followUp(msg: OutboundMessage, visibility: Visibility): Promise<MessageRef> {
    let last = '';
    for (const part of parts(msg)) {
      last = (await discordCall('follow-up', () => interaction.followUp({ ...options(part), ...flagsFor(visibility) }))).id;
    }
    return ref(last);
  }

  return {
    async acknowledge(first) {
      try {
        if (first.kind === 'form') {
          if (interaction.isModalSubmit()) throw new Error('a modal cannot answer a modal submission');
          await discordCall('open the modal', () => interaction.showModal(renderModal(first.form)));
          return;
        }
        if (first.kind !== 'defer') return;
        deferred = first.visibility;
        if (interaction.isButton() && interaction.message.flags.has(MessageFlags.Ephemeral)) {
          updating = true;
          pressed.set(interaction.message.id, interaction);
          await discordCall('acknowledge the click', () => interaction.deferUpdate());
          return;
        }
        await discordCall('defer the reply', () => interaction.deferReply(flagsFor(first.visibility)));
      } catch (error) {
        if (!(error instanceof DiscordCallError && error.alreadyAcknowledged)) throw error;
        redelivered = true;
      }
    },
    async fill(msg) {
      if (redelivered) throw new Error('a redelivered interaction was answered by its first delivery');
      if (updating) return followUp(msg, deferred);
      const [first, ...rest] = parts(msg);
      let last = (await discordCall('fill the reply', () => interaction.editReply(options(first!)))).id;
      for (const part of rest) last = (await discordCall('follow-up', () => interaction.followUp({ ...options(part), ...flagsFor(deferred) }))).id;
      return ref(last);
    },
    followUp: (msg, visibility) => {
      if (redelivered) throw new Error('a redelivered interaction was answered by its first delivery');
      return followUp(msg, visibility);
    },
    post: async (msg) => ref((await poster.post(conv, msg)).messageId),
    async close() {
      if (updating || redelivered) return;
      await discordCall('remove the placeholder', () => interaction.deleteReply());
    },
  };
}

/** Answers to a member's plain message, which has no interaction to answer through. */
export function messageOps(conv: ConvRef, messageId: string, poster: ChannelPoster): ResponseOps {
  const post = async (msg: OutboundMessage, replyTo?: string): Promise<MessageRef> => ({ conv, messageId: (await poster.post(conv, msg, replyTo)).messageId });
  return {
    acknowledge: async () => {},
    fill: (msg) => post(msg),
    followUp: (msg, visibility) => post(msg, visibility === 'private' ? messageId : undefined),
    post: (msg) => post(msg),
    close: async () => {},
  };
}

/** Edits an ephemeral message through the click that acknowledged it with type 6. */
export async function updateThroughClick(interaction: ButtonInteraction, msg: OutboundMessage): Promise<void> {
  await discordCall('update the clicked message', () => interaction.editReply(options(msg)));
}
