// The splitter against every message today's lessons produce, at Discord's content limit and at the
// limit of a Slack section: whatever the content, each part must fit, render its code as code, keep
// the buttons to the last part, and lose or add no text.
import { describe, expect, it } from 'vitest';
import type { Block, OutboundMessage } from '../../../src/core/messages.ts';
import { renderedLength, splitMessage, type MessageLimits } from '../../../src/core/text/split-message.ts';
import { realLessonMessages } from './lesson-messages.ts';
import { fencesBalanced, rejoinedLength } from './split-helpers.ts';

const PLATFORMS: [string, MessageLimits][] = [
  ['Discord', { maxTextLength: 2000, maxButtonsPerRow: 5, maxRows: 5 }],
  ['Slack', { maxTextLength: 3000, maxButtonsPerRow: 25, maxRows: 50 }],
];

const interactive = (b: Block) => b.kind === 'choices' || b.kind === 'rating';

function textLength(msg: OutboundMessage): number {
  const shown = msg.blocks.filter((b) => !interactive(b));
  return shown.reduce((sum, b) => sum + renderedLength(b), 0) + 2 * Math.max(0, shown.length - 1);
}

/** Checks that the parts' blocks, taken in order, rebuild each original block exactly. */
function expectSameContent(original: OutboundMessage, parts: OutboundMessage[]): void {
  const pieces = parts.flatMap((m) => m.blocks);
  let next = 0;
  for (const block of original.blocks) {
    if (block.kind === 'text') {
      const texts: string[] = [];
      while (rejoinedLength(texts, block.markdown) !== block.markdown.length) {
        const piece = pieces[next++];
        expect(piece?.kind, `a piece of: ${block.markdown.slice(0, 80)}`).toBe('text');
        texts.push((piece as { markdown: string }).markdown);
        expect(rejoinedLength(texts, block.markdown)).toBeGreaterThanOrEqual(0);
      }
    } else if (block.kind === 'code') {
      const sources: string[] = [];
      while (sources.join('\n') !== block.source) {
        const piece = pieces[next++];
        expect(piece).toMatchObject({ kind: 'code', language: block.language });
        sources.push((piece as { source: string }).source);
        expect(block.source.startsWith(sources.join('\n'))).toBe(true);
      }
    } else if (!interactive(block)) {
      expect(pieces[next++]).toEqual(block);
    }
  }
  // The buttons come last, all of them, in their order.
  expect(pieces.slice(next)).toEqual(original.blocks.filter(interactive));
}

describe('splitting the real lessons', async () => {
  const messages = await realLessonMessages();

  it('given today\'s content, some messages exceed Discord\'s limit (what this splitter is for)', () => {
    expect(messages.length).toBeGreaterThan(400);
    expect(messages.filter(({ message }) => textLength(message) > 2000).length).toBeGreaterThan(0);
  });

  describe.each(PLATFORMS)('at %s limits', (_platform, limits) => {
    it('given every lesson message, every part fits, balances its fences, buttons come last, and no text is lost', () => {
      for (const { file, message } of messages) {
        const parts = splitMessage(message, limits);
        const where = `${file}: ${message.fallbackText.slice(0, 60)}`;
        parts.forEach((part, i) => {
          expect(textLength(part), where).toBeLessThanOrEqual(limits.maxTextLength);
          expect(part.blocks.length, where).toBeGreaterThan(0);
          for (const block of part.blocks) {
            if (block.kind === 'text') expect(fencesBalanced(block.markdown), where).toBe(true);
            if (interactive(block)) expect(i, where).toBe(parts.length - 1);
          }
          expect(part.visibility).toBe(message.visibility);
          expect(part.fallbackText.length).toBeLessThanOrEqual(limits.maxTextLength);
        });
        if (textLength(message) <= limits.maxTextLength) expect(parts).toEqual([message]);
        expectSameContent(message, parts);
      }
    });
  });
});
