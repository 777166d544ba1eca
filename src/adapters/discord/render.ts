// Neutral messages as Discord message bodies, and forms as modals. Pure: no client, no I/O. The core's
// Markdown subset is Discord Markdown already, so text passes through; headings become bold lines,
// progress a bar of block characters, choices and ratings rows of buttons (5 a row, 5 rows). A message
// must already fit (splitMessage with DISCORD_LIMITS); what does not fit throws instead of being cut.
import { ButtonStyle, ComponentType, TextInputStyle } from 'discord.js';
import type {
  APIActionRowComponent,
  APIButtonComponentWithCustomId,
  APIModalInteractionResponseCallbackData,
  APITextInputComponent,
  RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import type { Block, ChoiceOption, FormSpec, OutboundMessage } from '../../core/messages.ts';
import { wrapRows } from '../../core/text/index.ts';
import { buttonCustomId, modalCustomId } from './custom-id.ts';
import { DISCORD_LIMITS } from './limits.ts';

export { DISCORD_LIMITS };

const BUTTON_LABEL_MAX = 80;
const MODAL_TITLE_MAX = 45;
const INPUT_LABEL_MAX = 45;
const PLACEHOLDER_MAX = 100;
const INPUT_MAX = 4000;
const BAR_CELLS = 20;

export interface DiscordMessageBody extends Required<Pick<RESTPostAPIChannelMessageJSONBody, 'content' | 'allowed_mentions'>> {
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
}

const STYLES: Record<NonNullable<ChoiceOption['style']>, APIButtonComponentWithCustomId['style']> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

interface Button {
  customId: string;
  label: string;
  style: APIButtonComponentWithCustomId['style'];
  disabled: boolean;
}

export function renderMessage(msg: OutboundMessage): DiscordMessageBody {
  const content = msg.blocks.map(renderText).filter((t) => t !== '').join('\n\n');
  if (content.length > DISCORD_LIMITS.maxTextLength) {
    throw new RangeError(`message of ${content.length} characters exceeds Discord's ${DISCORD_LIMITS.maxTextLength}: split it first`);
  }
  const rows = msg.blocks.flatMap((b) => wrapRows(buttonsOf(b), DISCORD_LIMITS.maxButtonsPerRow, DISCORD_LIMITS.maxRows));
  if (rows.length > DISCORD_LIMITS.maxRows) throw new RangeError(`${rows.length} rows of buttons exceed Discord's ${DISCORD_LIMITS.maxRows}`);
  // A message of buttons alone still needs a line of text to say what they are for.
  const shown = content === '' && rows.length > 0 ? msg.fallbackText.slice(0, DISCORD_LIMITS.maxTextLength) : content;
  // Nobody is ever pinged by the bot: learner text and names are shown, never resolved into mentions.
  return { content: shown, components: rows.map(actionRow), allowed_mentions: { parse: [] } };
}

function renderText(block: Block): string {
  switch (block.kind) {
    case 'text':
      return block.markdown;
    case 'heading':
      return `**${block.text}**`;
    case 'code':
      return `\`\`\`${block.language}\n${block.source}\n\`\`\``;
    case 'progress':
      return `${progressBar(block.done, block.total)} ${block.label}`;
    case 'choices':
    case 'rating':
      return '';
  }
}

export function progressBar(done: number, total: number): string {
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * BAR_CELLS) : 0;
  return '█'.repeat(filled) + '░'.repeat(BAR_CELLS - filled);
}

function buttonsOf(block: Block): Button[] {
  if (block.kind === 'choices') {
    // An answered question keeps its buttons, disabled, the chosen one marked in the neutral primary colour:
    // green would say "right" where the choice was wrong (the feedback says which), and show others the answer.
    // Green is for a revealed answer (a closed drill question).
    return block.options.map((o) => ({
      customId: buttonCustomId(block.actionId, o.id),
      label: o.label,
      style: block.locked ? (o.id === block.answer ? ButtonStyle.Success : o.id === block.chosen ? ButtonStyle.Primary : ButtonStyle.Secondary) : STYLES[o.style ?? 'secondary'],
      disabled: block.locked === true,
    }));
  }
  if (block.kind === 'rating') {
    return Array.from({ length: block.max - block.min + 1 }, (_, i) => {
      const n = block.min + i;
      const label = block.labels?.[i];
      return { customId: buttonCustomId(block.actionId, `${block.valuePrefix}${n}`), label: label ? `${n} ${label}` : String(n), style: ButtonStyle.Secondary, disabled: false };
    });
  }
  return [];
}

function actionRow(buttons: Button[]): APIActionRowComponent<APIButtonComponentWithCustomId> {
  return {
    type: ComponentType.ActionRow,
    components: buttons.map((b) => ({ type: ComponentType.Button, custom_id: b.customId, label: shorten(b.label, BUTTON_LABEL_MAX), style: b.style, disabled: b.disabled })),
  };
}

/** A form as a modal: one text input per field; the intro is the placeholder, the only room a modal gives it. */
export function renderModal(form: FormSpec): APIModalInteractionResponseCallbackData {
  return {
    custom_id: modalCustomId(form.id),
    title: shorten(form.title, MODAL_TITLE_MAX),
    components: form.fields.map((field) => ({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.TextInput,
          custom_id: field.id,
          label: shorten(field.label, INPUT_LABEL_MAX),
          style: field.style === 'short' ? TextInputStyle.Short : TextInputStyle.Paragraph,
          max_length: Math.min(field.maxLength, INPUT_MAX),
          placeholder: shorten(field.placeholder ?? form.intro, PLACEHOLDER_MAX),
          required: true,
        } satisfies APITextInputComponent,
      ],
    })),
  };
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
