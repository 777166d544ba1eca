// Neutral blocks -> Block Kit, pure. Within Slack's limits: 50 blocks a message, 3,000 characters a
// section, 150 a header, button text 75, action_id 255, value 2,000, a modal title 24. Command names in
// texts become `/coach <name>` (Slack has one command with subcommands), and text converts to mrkdwn.
import type { types } from '@slack/bolt';
import type { Block, ChoiceOption, FormSpec, OutboundMessage } from '../../core/messages.ts';
import { rewriteCommands, slackCommand, splitMarkdown, wrapRows } from '../../core/text/index.ts';
import { toMrkdwn } from './mrkdwn.ts';

export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  actionId: 255,
  value: 2000,
  modalTitle: 24,
  privateMetadata: 3000,
  /** Buttons a row: Slack allows 25 an actions block; five keep rows readable on a phone. */
  buttonsPerRow: 5,
  rows: 10,
} as const;

export type KitBlock = types.KnownBlock;

export interface RenderedMessage {
  /** Notification and fallback text (mrkdwn). */
  text: string;
  blocks: KitBlock[];
}

/** The action_id of a button: unique within its block, as Slack requires, and mapped back by actionIdOf. */
export function buttonActionId(actionId: string, index: number): string {
  const id = `${actionId}#${index}`;
  if (id.length > SLACK_LIMITS.actionId) throw new RangeError(`action_id "${id.slice(0, 40)}…" is longer than ${SLACK_LIMITS.actionId}`);
  return id;
}

/** The core's action id behind a rendered action_id. */
export function actionIdOf(slackActionId: string): string {
  return slackActionId.replace(/#\d+$/, '');
}

/** Core Markdown as Slack mrkdwn, with Slack's command names. */
export function slackMrkdwn(markdown: string): string {
  return toMrkdwn(rewriteCommands(markdown, slackCommand));
}

export function renderMessage(msg: OutboundMessage): RenderedMessage {
  const blocks: KitBlock[] = [];
  let pending: string[] = [];
  // Consecutive text and code go into as few sections as fit: fewer blocks, the same reading.
  const flush = () => {
    if (pending.length > 0) blocks.push(...sections(pending.join('\n\n')));
    pending = [];
  };
  for (const block of msg.blocks) {
    if (block.kind === 'text') pending.push(block.markdown);
    else if (block.kind === 'code') pending.push(`\`\`\`${block.language}\n${block.source}\n\`\`\``);
    else {
      flush();
      blocks.push(...renderBlock(block));
    }
  }
  flush();
  if (blocks.length > SLACK_LIMITS.blocksPerMessage) {
    throw new RangeError(`a message of ${blocks.length} blocks exceeds Slack's ${SLACK_LIMITS.blocksPerMessage}: split it first`);
  }
  return { text: truncate(slackMrkdwn(msg.fallbackText), SLACK_LIMITS.sectionText) || ' ', blocks };
}

function renderBlock(block: Exclude<Block, { kind: 'text' | 'code' }>): KitBlock[] {
  switch (block.kind) {
    case 'heading':
      return block.text.length <= SLACK_LIMITS.headerText
        ? [{ type: 'header', text: { type: 'plain_text', text: block.text, emoji: true } }]
        : sections(`**${block.text}**`);
    case 'progress':
      return [{ type: 'section', text: { type: 'mrkdwn', text: truncate(`\`${bar(block.done, block.total)}\` ${slackMrkdwn(block.label)}`, SLACK_LIMITS.sectionText) } }];
    case 'choices':
      return block.locked ? [lockedRow(block.options, block.chosen, block.answer)] : buttonRows(block.actionId, block.options);
    case 'rating': {
      const options: ChoiceOption[] = [];
      for (let n = block.min; n <= block.max; n++) {
        const label = block.labels?.[n - block.min];
        options.push({ id: `${block.valuePrefix}${n}`, label: label ? `${n} ${label}` : String(n) });
      }
      return buttonRows(block.actionId, options);
    }
  }
}

// Escaping (& < >) makes mrkdwn longer than its Markdown, so text is split until every part fits.
function sections(markdown: string): KitBlock[] {
  const whole = slackMrkdwn(markdown);
  if (whole.length <= SLACK_LIMITS.sectionText) return whole.trim() ? [section(whole)] : [];
  let size = Math.floor((SLACK_LIMITS.sectionText * markdown.length) / whole.length);
  for (;;) {
    const parts = splitMarkdown(markdown, size).map(slackMrkdwn);
    if (parts.every((p) => p.length <= SLACK_LIMITS.sectionText)) return parts.map(section);
    size = Math.floor(size * 0.9);
  }
}

function section(mrkdwn: string): KitBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn } };
}

function buttonRows(actionId: string, options: ChoiceOption[]): KitBlock[] {
  let index = 0;
  return wrapRows(options, SLACK_LIMITS.buttonsPerRow, Infinity).map((row) => ({
    type: 'actions',
    elements: row.map((option) => button(actionId, index++, option)),
  }));
}

function button(actionId: string, index: number, option: ChoiceOption): types.Button {
  if (option.id.length > SLACK_LIMITS.value) throw new RangeError(`a button value of ${option.id.length} characters exceeds Slack's ${SLACK_LIMITS.value}`);
  const style = option.style === 'primary' || option.style === 'success' ? 'primary' : option.style === 'danger' ? 'danger' : undefined;
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(option.label, SLACK_LIMITS.buttonText), emoji: true },
    action_id: buttonActionId(actionId, index),
    value: option.id,
    ...(style ? { style } : {}),
  };
}

/** A locked row: the options as text, a revealed answer bold with ✓, a learner's choice bold and marked neutrally, nothing left to press. */
function lockedRow(options: ChoiceOption[], chosen: string | undefined, answer: string | undefined): KitBlock {
  const labels = options.map((o) => (o.id === answer ? `*${plainMrkdwn(o.label)}* ✓` : o.id === chosen ? `*${plainMrkdwn(o.label)}* (chosen)` : plainMrkdwn(o.label)));
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(`🔒 ${labels.join('  ·  ')}`, SLACK_LIMITS.sectionText) }] };
}

const plainMrkdwn = (label: string) => label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/[*_~`]/g, '');

export function bar(done: number, total: number, width = 20): string {
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** The parent message of a thread the coach opens (a lesson, a quiz, a drill run): its title, and where to go. */
export function renderThreadParent(title: string): RenderedMessage {
  return {
    text: truncate(title, SLACK_LIMITS.sectionText),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(title, SLACK_LIMITS.headerText), emoji: true } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Open the thread to take part: everything happens there.' }] },
    ],
  };
}

/** Every coach modal: which form it is travels in private_metadata with the conversation it belongs to. */
export const FORM_CALLBACK_ID = 'coach_form';

/**
 * A form as a modal. Slack titles hold 24 characters, so a longer title is shortened there and shown
 * whole in a header inside. `metadata` travels back with the submission (private_metadata).
 */
export function renderForm(form: FormSpec, metadata: string): types.ModalView {
  if (metadata.length > SLACK_LIMITS.privateMetadata) throw new RangeError('private_metadata exceeds 3,000 characters');
  const shortened = form.title.length > SLACK_LIMITS.modalTitle;
  const blocks: KitBlock[] = [];
  if (shortened) blocks.push({ type: 'header', text: { type: 'plain_text', text: truncate(form.title, SLACK_LIMITS.headerText), emoji: true } });
  blocks.push(...sections(form.intro));
  for (const field of form.fields) {
    blocks.push({
      type: 'input',
      block_id: field.id,
      label: { type: 'plain_text', text: truncate(field.label, 2000) },
      element: {
        type: 'plain_text_input',
        action_id: field.id,
        multiline: field.style === 'paragraph',
        max_length: Math.min(field.maxLength, 3000),
        ...(field.placeholder ? { placeholder: { type: 'plain_text', text: truncate(field.placeholder, 150) } } : {}),
      },
    });
  }
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    private_metadata: metadata,
    title: { type: 'plain_text', text: truncate(form.title, SLACK_LIMITS.modalTitle) },
    submit: { type: 'plain_text', text: 'Submit' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}
