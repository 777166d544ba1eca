import { describe, expect, it } from 'vitest';
import { findMarkdownProblems, markdownProblems } from '../../../src/core/text/markdown.ts';
import { realLessonMessages } from './lesson-messages.ts';

describe('markdownProblems', () => {
  it('given everything the subset allows, there is nothing to report', () => {
    const text = [
      '**Bold** and _italic_ with `code_span()` and [the docs](https://docs.python.org/3/).',
      'select_related and prefetch_related keep their underscores inside words.',
      '',
      '• a bullet',
      '1. a numbered line',
      '10. and a long list',
      '',
      '```python',
      '# a comment, **kwargs and __init__ are fine in code',
      'def f(*args, **kwargs): ...',
      '```',
    ].join('\n');
    expect(markdownProblems(text)).toEqual([]);
  });

  it('given block-level Markdown outside the subset, each line says what it is', () => {
    const text = ['# Heading', '> quote', '| a | b |', '---', '- item', '  • nested', '2) item', '•tight', '    indented', 'trailing  '].join('\n');
    expect(markdownProblems(text)).toEqual([
      'line 1: heading with "#" (use a heading block or a **bold** line)',
      'line 2: block quote',
      'line 3: table row',
      'line 4: horizontal rule',
      'line 5: list item with "-", "*" or "+" (use "• ")',
      'line 6: indented list item (lists are flat)',
      'line 7: numbered item with ")" (use "1. ")',
      'line 8: "•" must be followed by a space',
      'line 9: indented line (Markdown reads it as code)',
      'line 10: trailing whitespace (Markdown reads two spaces as a line break)',
    ]);
  });

  it('given inline Markdown outside the subset, each is named', () => {
    const text = [
      'use *args here',
      'the __init__ method',
      'call _private() or has_*_permission',
      'a ```python block mid-line',
      'an `unclosed span',
      '![image](https://x.test/a.png) and [plain](http://x.test) and [](https://x.test) and f[T](...)',
      'an <b>HTML</b> tag, <https://x.test>, <@123>',
      '~~gone~~ ||spoiler|| \\*escaped\\*',
    ].join('\n');
    expect(markdownProblems(text)).toEqual([
      'line 1: stray "*" (only **bold**; put other asterisks in `code`)',
      'line 2: double underscore (Discord underlines it; put identifiers in `code`)',
      'line 3: stray "*" (only **bold**; put other asterisks in `code`)',
      'line 3: stray "_" at a word edge (italic is _text_; put identifiers in `code`)',
      'line 4: run of backticks outside a fence (only `code` spans and ``` fence lines)',
      'line 5: unclosed `code` span',
      'line 6: image',
      'line 6: link to "http://x.test" (links are https://)',
      'line 6: link without text',
      'line 6: link to "..." (links are https://)',
      'line 7: HTML tag (put literal markup in `code`)',
      'line 7: angle-bracket autolink (use [text](https://url))',
      'line 7: platform mention syntax',
      'line 8: stray "*" (only **bold**; put other asterisks in `code`)',
      'line 8: strikethrough',
      'line 8: "||" (a Discord spoiler; put it in `code`)',
      'line 8: backslash escape (Slack shows backslashes literally)',
    ]);
  });

  it('given fences, they need a language, a bare closing line and an end', () => {
    expect(markdownProblems('```\ncode\n```')).toEqual(['line 1: a code fence needs a language (```python)']);
    expect(markdownProblems('```python extra\ncode\n```')).toEqual(['line 1: an opening fence holds only ``` and the language']);
    expect(markdownProblems('```python\ncode\n``` trailing\n```')).toEqual(['line 3: a closing fence must be ``` alone on its line']);
    expect(markdownProblems('text\n```python\ncode')).toEqual(['line 2: code fence is never closed']);
  });

  it('given two blank lines between paragraphs, it says paragraphs take exactly one', () => {
    expect(markdownProblems('one\n\n\ntwo')).toEqual(['line 3: more than one blank line (paragraphs are split by exactly one)']);
  });
});

// Content is owned by its authors; this list names what does not conform today so that it can only
// shrink: a file that is fixed must leave the list, and a new offender fails the test.
const KNOWN_OFFENDERS: string[] = [];

// The exercise footer comes from the lesson template, not from a content file.
const TEMPLATE_FOOTER = 'Post your version in this thread as a code block marked `python` to run it.';

describe('the real lessons', () => {
  it('given every text the lessons render, only the known files break the subset', async () => {
    const problems = new Map<string, string[]>();
    for (const { file, message } of await realLessonMessages()) {
      for (const block of message.blocks) {
        if (block.kind !== 'text') continue;
        const lines = block.markdown.split('\n');
        for (const problem of findMarkdownProblems(block.markdown)) {
          const line = lines[problem.line - 1];
          const source = line === TEMPLATE_FOOTER ? 'src/core/lessons/render.ts' : file;
          problems.set(source, [...(problems.get(source) ?? []), `${problem.message} in: ${line?.slice(0, 120)}`]);
        }
      }
    }
    const offenders = [...problems.keys()].sort();
    const fixed = KNOWN_OFFENDERS.filter((f) => !problems.has(f));
    const added = offenders.filter((f) => !KNOWN_OFFENDERS.includes(f)).map((f) => `${f}:\n  ${problems.get(f)!.join('\n  ')}`);
    expect({ fixed, added }, 'remove fixed files from KNOWN_OFFENDERS; fix new offenders').toEqual({ fixed: [], added: [] });
    expect(offenders).toEqual(KNOWN_OFFENDERS);
  });

  it('given every code block the lessons render, its source holds no fence line and its language is one word', async () => {
    const bad = (await realLessonMessages()).flatMap(({ file, message }) =>
      message.blocks.filter((b) => b.kind === 'code' && (/^```/m.test(b.source) || !/^[A-Za-z0-9_+#.-]+$/.test(b.language))).map(() => file),
    );
    expect(bad).toEqual([]);
  });
});
