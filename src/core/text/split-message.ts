// Fits one neutral message into a platform's limits: as few parts as the text allows, long text and
// code blocks split with the fence-aware splitter, and every button on the last part, so a learner
// reads everything before being asked to act and a click always belongs to the newest message.
import type { Block, OutboundMessage } from '../messages.ts';
import { splitMarkdown } from './split.ts';

export interface MessageLimits {
  /** Characters of text one message may hold (Discord content: 2,000; a Slack section: 3,000). */
  maxTextLength: number;
  maxButtonsPerRow: number;
  maxRows: number;
}

// Renderers decorate some blocks; these allowances keep the count on the safe side of every renderer:
// a heading may become "**text**" or "## text", a progress bar may take 20 cells plus brackets and a space.
const HEADING_ALLOWANCE = 4;
const PROGRESS_BAR_ALLOWANCE = 24;
/** Blocks in one message are joined by a blank line. */
const BLOCK_SEPARATOR = 2;

/** How many characters a block takes in a message's text, counted generously; buttons take none. */
export function renderedLength(block: Block): number {
  switch (block.kind) {
    case 'text':
      return block.markdown.length;
    case 'heading':
      return block.text.length + HEADING_ALLOWANCE;
    case 'code':
      return fenced(block.language, block.source).length;
    case 'progress':
      return block.label.length + PROGRESS_BAR_ALLOWANCE;
    case 'choices':
    case 'rating':
      return 0;
  }
}

/**
 * Buttons in rows of at most maxPerRow, spread evenly (six buttons are two rows of three, not five and
 * one). Throws a RangeError when more than maxPerRow * maxRows: the caller must split them.
 */
export function wrapRows<T>(options: readonly T[], maxPerRow: number, maxRows: number): T[][] {
  if (!Number.isInteger(maxPerRow) || maxPerRow < 1 || !(maxRows >= 1)) {
    throw new RangeError(`rows need at least one button and one row, got ${maxPerRow} a row and ${maxRows} rows`);
  }
  if (options.length > maxPerRow * maxRows) {
    throw new RangeError(`${options.length} buttons do not fit in ${maxRows} rows of ${maxPerRow}: split them across messages`);
  }
  const rowCount = Math.ceil(options.length / maxPerRow);
  const rows: T[][] = [];
  let next = 0;
  for (let row = 0; row < rowCount; row++) {
    const size = Math.floor(options.length / rowCount) + (row < options.length % rowCount ? 1 : 0);
    rows.push(options.slice(next, next + size));
    next += size;
  }
  return rows;
}

interface Placed {
  block: Block;
  /** Index of the block in the original message, to keep the order when buttons join the last part. */
  order: number;
}

interface Part {
  placed: Placed[];
  used: number;
}

/**
 * The message as one or more messages within limits. A message that fits comes back as it is. Throws a
 * RangeError when its buttons need more rows than one message holds, or a heading or progress label
 * alone exceeds the text limit.
 */
export function splitMessage(msg: OutboundMessage, limits: MessageLimits): OutboundMessage[] {
  const max = limits.maxTextLength;
  checkRows(msg.blocks, limits);
  const parts: Part[] = [{ placed: [], used: 0 }];
  const interactive: Placed[] = [];
  msg.blocks.forEach((block, order) => {
    if (block.kind === 'choices' || block.kind === 'rating') interactive.push({ block, order });
    else place(parts, { block, order }, max);
  });
  if (parts.length === 1) return [msg];
  const last = parts[parts.length - 1]!;
  last.placed = [...last.placed, ...interactive].sort((a, b) => a.order - b.order);
  return parts.map((part, i) => {
    const blocks = part.placed.map((p) => p.block);
    const fallbackText = numberedFallback(msg.fallbackText, i + 1, parts.length, max);
    return msg.visibility ? { blocks, fallbackText, visibility: msg.visibility } : { blocks, fallbackText };
  });
}

function checkRows(blocks: Block[], limits: MessageLimits): void {
  let rows = 0;
  for (const block of blocks) {
    // Each button block starts its own row(s), as every renderer lays them out.
    const buttons = block.kind === 'choices' ? block.options : block.kind === 'rating' ? Array.from({ length: block.max - block.min + 1 }) : [];
    rows += wrapRows(buttons, limits.maxButtonsPerRow, Infinity).length;
  }
  if (rows > limits.maxRows) {
    throw new RangeError(`the message's buttons need ${rows} rows and one message holds ${limits.maxRows}: split them across messages`);
  }
}

function room(part: Part, max: number): number {
  return max - part.used - (part.placed.length > 0 ? BLOCK_SEPARATOR : 0);
}

function add(part: Part, placed: Placed): void {
  part.used += renderedLength(placed.block) + (part.placed.length > 0 ? BLOCK_SEPARATOR : 0);
  part.placed.push(placed);
}

// A new part takes along a heading that would otherwise end the previous part, away from its text.
function startPart(parts: Part[]): Part {
  const previous = parts[parts.length - 1]!;
  const part: Part = { placed: [], used: 0 };
  const tail = previous.placed[previous.placed.length - 1];
  if (tail?.block.kind === 'heading' && previous.placed.length > 1) {
    previous.placed.pop();
    previous.used -= renderedLength(tail.block) + BLOCK_SEPARATOR;
    add(part, tail);
  }
  parts.push(part);
  return part;
}

function place(parts: Part[], placed: Placed, max: number): void {
  const block = placed.block;
  const length = renderedLength(block);
  let current = parts[parts.length - 1]!;
  if (length <= room(current, max)) return add(current, placed);
  const splittable = block.kind === 'text' || block.kind === 'code';
  // Only a block longer than a whole part is split; it starts in the current part when a quarter of
  // that is free, so that no message ends with a sliver of a paragraph. A block that fits a part moves
  // to the next one whole, because a paragraph cut in two reads worse than one more message.
  const fillCurrent = splittable && length > max && room(current, max) >= max / 4;
  if (!fillCurrent && current.placed.length > 0) {
    current = startPart(parts);
    if (length <= room(current, max)) return add(current, placed);
  }
  if (!splittable) {
    throw new RangeError(`a ${block.kind} block of ${length} characters does not fit in a message of ${max}`);
  }
  splitBlock(block, max, room(current, max)).forEach((piece, i) => {
    if (i > 0) current = startPart(parts);
    add(current, { block: piece, order: placed.order });
  });
}

function splitBlock(block: Block & { kind: 'text' | 'code' }, max: number, firstMax: number): Block[] {
  if (block.kind === 'text') return splitMarkdown(block.markdown, max, firstMax).map((markdown) => ({ kind: 'text', markdown }));
  // A code block is split as its fenced text; each part is then again one fence of the same language.
  const prefix = `\`\`\`${block.language}\n`;
  return splitMarkdown(fenced(block.language, block.source), max, firstMax).map((part) => {
    if (!part.startsWith(prefix) || !part.endsWith('\n```')) {
      throw new Error(`a ${block.language} code block's source holds a fence line, so it cannot be split`);
    }
    return { kind: 'code', language: block.language, source: part.slice(prefix.length, -4) };
  });
}

function fenced(language: string, source: string): string {
  return `\`\`\`${language}\n${source}\n\`\`\``;
}

// Each part notifies with the original summary and its place, e.g. "Lesson 3 (2/3)"; a summary too long
// for the limit (one built from all the text) is shortened.
function numberedFallback(fallback: string, index: number, count: number, max: number): string {
  const suffix = ` (${index}/${count})`;
  const room = Math.max(0, max - suffix.length);
  if (fallback.length <= room) return fallback + suffix;
  let cut = fallback.slice(0, Math.max(0, room - 1));
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…${suffix}`;
}

/**
 * What an update of a message that was sent split should replace it with: a split message is known by its
 * last part (the one holding the buttons), so an update replaces that part with the new version's last
 * part; earlier parts stay as they were.
 */
export function lastPart(msg: OutboundMessage, limits: MessageLimits): OutboundMessage {
  return splitMessage(msg, limits).at(-1)!;
}
