import { describe, expect, it } from 'vitest';
import { splitMarkdown } from '../../../src/core/text/split.ts';
import { expectRejoins, fencesBalanced } from './split-helpers.ts';

describe('splitMarkdown', () => {
  it('given text within the limit, it is one part, unchanged', () => {
    expect(splitMarkdown('short **text**', 20)).toEqual(['short **text**']);
  });

  it('given empty text, there are no parts', () => {
    expect(splitMarkdown('', 20)).toEqual([]);
  });

  it('given a paragraph break within reach, it cuts there rather than between words', () => {
    expect(splitMarkdown('aa\n\nbb cc\ndd', 9)).toEqual(['aa\n\n', 'bb cc\ndd']);
  });

  it('given no paragraph break within reach, it cuts at the last line break', () => {
    expect(splitMarkdown('aaa bbb\nccc\n\nddd eee', 12)).toEqual(['aaa bbb\n', 'ccc\n\nddd eee']);
  });

  it('given one long line, it cuts after the last word that fits', () => {
    expect(splitMarkdown('alpha beta gamma', 11)).toEqual(['alpha beta ', 'gamma']);
  });

  it('given a no-break space, it is not a place to cut', () => {
    expect(splitMarkdown('ab 10\u00a0km', 7)).toEqual(['ab ', '10\u00a0km']);
  });

  it('given one word longer than a part, only that word is cut', () => {
    expect(splitMarkdown('ok abcdefghij', 4)).toEqual(['ok ', 'abcd', 'efgh', 'ij']);
  });

  it('given characters outside the BMP, a hard cut never splits a surrogate pair', () => {
    expect(splitMarkdown('😀😀😀', 3)).toEqual(['😀', '😀', '😀']);
  });

  it('given a cut inside a fenced block, it closes the fence and reopens it with the language', () => {
    const text = 'Intro\n```python\nx = 1\ny = 2\nz = 3\n```\nEnd';
    const parts = splitMarkdown(text, 25);
    expect(parts).toEqual(['Intro\n```python\nx = 1\n```', '```python\ny = 2\n```', '```python\nz = 3\n```\nEnd']);
    expectRejoins(parts, text);
  });

  it('given a fence that fits in the next part, it prefers cutting before the fence', () => {
    const text = 'Some intro text here.\n\n```js\nlet a = 1;\n```\nAfter.';
    expect(splitMarkdown(text, 30)).toEqual(['Some intro text here.\n\n', '```js\nlet a = 1;\n```\nAfter.']);
  });

  it('given indented code, a cut keeps the next line\'s indentation in the next part', () => {
    const text = '```python\ndef f():\n    return 1\n```';
    const parts = splitMarkdown(text, 26);
    expect(parts).toEqual(['```python\ndef f():\n```', '```python\n    return 1\n```']);
  });

  it('given a code line longer than a part, it is cut inside the line and the fence still closes', () => {
    const text = '```py\n' + 'a'.repeat(20) + '\n```';
    const parts = splitMarkdown(text, 18);
    expect(parts).toEqual(['```py\naaaaaaaa\n```', '```py\naaaaaaaa\n```', '```py\naaaa\n```']);
    expectRejoins(parts, text);
    expect(parts.every((p) => p.length <= 18 && fencesBalanced(p))).toBe(true);
  });

  it('given a fence that is never closed, the cut parts are closed and the last keeps the text as it was', () => {
    const parts = splitMarkdown('```sh\nls\npwd\nwhoami', 14);
    expect(parts).toEqual(['```sh\nls\n```', '```sh\npwd\n```', '```sh\nwhoami']);
  });

  it('given a first part limit, the first part is shorter and the rest use the full limit', () => {
    expect(splitMarkdown('one two three four five', 10, 4)).toEqual(['one ', 'two three ', 'four five']);
  });

  it('given a limit too small for a reopened fence, it throws a RangeError', () => {
    expect(() => splitMarkdown('```python\n' + 'x '.repeat(30) + '\n```', 12)).toThrow(RangeError);
    expect(() => splitMarkdown('text', 0)).toThrow(/positive integer/);
  });

  it('given generated texts at many limits, every part fits, is non-empty, balanced, and the parts rejoin', () => {
    const pieces = ['word', 'a longer sentence here.', '\n', '\n\n', '```python\nprint("hi")\nfor i in range(3):\n    print(i)\n```', '**bold** and _it_', '• item', '1. first'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      let text = '';
      for (let i = 0; i < 30; i++) {
        const piece = pieces[Math.floor(next() * pieces.length)]!;
        // Fences sit on their own lines, as they do in real text.
        text += piece.startsWith('```') ? `${text && !text.endsWith('\n') ? '\n' : ''}${piece}\n` : `${piece} `;
      }
      const limit = 20 + Math.floor(next() * 120);
      const parts = splitMarkdown(text, limit);
      for (const part of parts) {
        expect(part.length).toBeGreaterThan(0);
        expect(part.length).toBeLessThanOrEqual(limit);
        expect(fencesBalanced(part), JSON.stringify({ part, limit })).toBe(true);
      }
      expectRejoins(parts, text);
    }
  });
});
