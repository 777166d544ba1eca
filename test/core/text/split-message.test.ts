import { describe, expect, it } from 'vitest';
import type { Block, OutboundMessage } from '../../../src/core/messages.ts';
import { renderedLength, splitMessage, wrapRows } from '../../../src/core/text/split-message.ts';

const limits = (maxTextLength: number) => ({ maxTextLength, maxButtonsPerRow: 5, maxRows: 5 });
const text = (markdown: string): Block => ({ kind: 'text', markdown });
const choices = (count: number, actionId = 'act'): Block => ({
  kind: 'choices',
  actionId,
  options: Array.from({ length: count }, (_, i) => ({ id: `o${i + 1}`, label: `Option ${i + 1}` })),
});
const msg = (blocks: Block[], fallbackText = 'F'): OutboundMessage => ({ blocks, fallbackText });

describe('renderedLength', () => {
  it('given each block kind, it counts what a renderer shows, with room for decoration', () => {
    expect(renderedLength(text('abc'))).toBe(3);
    expect(renderedLength({ kind: 'heading', text: 'Title' })).toBe(9);
    expect(renderedLength({ kind: 'code', language: 'python', source: 'x = 1' })).toBe('```python\nx = 1\n```'.length);
    expect(renderedLength({ kind: 'progress', done: 1, total: 4, label: 'Step 1 of 4' })).toBe(11 + 24);
    expect(renderedLength(choices(3))).toBe(0);
  });
});

describe('splitMessage', () => {
  it('given a message within the limits, it comes back as it is', () => {
    const original = msg([text('short'), choices(2)]);
    const parts = splitMessage(original, limits(2000));
    expect(parts).toHaveLength(1);
    expect(parts[0]).toBe(original);
  });

  it('given blocks that do not fit together, it packs them in order into as few parts as fit', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((ch) => text(ch.repeat(10)));
    expect(splitMessage(msg([a!, b!, c!]), limits(25))).toEqual([
      { blocks: [a, b], fallbackText: 'F (1/2)' },
      { blocks: [c], fallbackText: 'F (2/2)' },
    ]);
  });

  it('given buttons between texts, every button goes on the last part, in the original order there', () => {
    const a = text('a'.repeat(15));
    const b = text('b'.repeat(15));
    const row = choices(2);
    const rating: Block = { kind: 'rating', actionId: 'rate', valuePrefix: 'r', min: 1, max: 5 };
    expect(splitMessage(msg([row, a, rating, b]), limits(20)).map((m) => m.blocks)).toEqual([[a], [row, rating, b]]);
  });

  it('given a long text after a heading, the first piece fills the rest of the part at a paragraph break', () => {
    const heading: Block = { kind: 'heading', text: 'Title' };
    const long = 'para one is here.\n\npara two is here.\n\npara three.';
    expect(splitMessage(msg([heading, text(long)]), limits(30)).map((m) => m.blocks)).toEqual([
      [heading, text('para one is here.\n\n')],
      [text('para two is here.\n\npara three.')],
    ]);
  });

  it('given a text that fits a part of its own, it moves there whole instead of being cut', () => {
    const a = text('a'.repeat(10));
    const b = text('b b b b b b b b b b');
    expect(splitMessage(msg([a, b]), limits(25)).map((m) => m.blocks)).toEqual([[a], [b]]);
  });

  it('given a rating of five and a row of three with four buttons a row, it counts three rows', () => {
    const rating: Block = { kind: 'rating', actionId: 'rate', valuePrefix: 'r', min: 1, max: 5 };
    const blocks = [text('t'), rating, choices(3)];
    expect(splitMessage(msg(blocks), { maxTextLength: 100, maxButtonsPerRow: 4, maxRows: 3 })).toHaveLength(1);
    expect(() => splitMessage(msg(blocks), { maxTextLength: 100, maxButtonsPerRow: 4, maxRows: 2 })).toThrow(/need 3 rows/);
  });

  it('given a heading that would end a part, it moves to the next part with its text', () => {
    const heading: Block = { kind: 'heading', text: 'H' };
    const a = text('a'.repeat(20));
    const b = text('b'.repeat(20));
    expect(splitMessage(msg([a, heading, b]), limits(30)).map((m) => m.blocks)).toEqual([[a], [heading, b]]);
  });

  it('given a long code block, it becomes code blocks of the same language split between lines', () => {
    const code: Block = { kind: 'code', language: 'python', source: 'line1\nline2\nline3\nline4' };
    const parts = splitMessage(msg([code]), limits(25));
    expect(parts.map((m) => m.blocks)).toEqual([
      [{ kind: 'code', language: 'python', source: 'line1\nline2' }],
      [{ kind: 'code', language: 'python', source: 'line3\nline4' }],
    ]);
    expect(parts.every((m) => m.blocks.every((b) => renderedLength(b) <= 25))).toBe(true);
  });

  it('given a private message, every part stays private', () => {
    const parts = splitMessage({ ...msg([text('a'.repeat(15)), text('b'.repeat(15))]), visibility: 'private' }, limits(20));
    expect(parts.map((m) => m.visibility)).toEqual(['private', 'private']);
  });

  it('given a summary longer than the limit, each part gets it shortened with its number', () => {
    const parts = splitMessage(msg([text('a'.repeat(15)), text('b'.repeat(15))], 'x'.repeat(40)), limits(20));
    expect(parts.map((m) => m.fallbackText)).toEqual([`${'x'.repeat(13)}… (1/2)`, `${'x'.repeat(13)}… (2/2)`]);
  });

  it('given more button rows than a message holds, it throws instead of dropping buttons', () => {
    expect(() => splitMessage(msg([choices(5), choices(5), choices(5)]), { maxTextLength: 2000, maxButtonsPerRow: 5, maxRows: 2 })).toThrow(
      /need 3 rows and one message holds 2/,
    );
  });

  it('given a heading longer than a whole part, it throws a RangeError', () => {
    expect(() => splitMessage(msg([{ kind: 'heading', text: 'h'.repeat(30) }]), limits(20))).toThrow(RangeError);
  });
});

describe('wrapRows', () => {
  it('given buttons, it spreads them evenly over as few rows as needed', () => {
    const labels = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    expect(wrapRows([], 5, 5)).toEqual([]);
    expect(wrapRows(labels(5), 5, 5)).toEqual([[1, 2, 3, 4, 5]]);
    expect(wrapRows(labels(6), 5, 5)).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(wrapRows(labels(7), 5, 5)).toEqual([[1, 2, 3, 4], [5, 6, 7]]);
    expect(wrapRows(labels(11), 5, 5)).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11]]);
  });

  it('given more buttons than the rows hold, it throws a clear error', () => {
    expect(() => wrapRows(Array.from({ length: 26 }, (_, i) => i), 5, 5)).toThrow('26 buttons do not fit in 5 rows of 5: split them across messages');
    expect(() => wrapRows([1], 0, 5)).toThrow(RangeError);
  });
});
