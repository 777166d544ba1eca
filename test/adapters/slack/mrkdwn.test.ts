import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, toMrkdwn } from '../../../src/adapters/slack/mrkdwn.ts';
import { splitMessage } from '../../../src/core/text/split-message.ts';
import { realLessonMessages } from '../../core/text/lesson-messages.ts';

describe('toMrkdwn', () => {
  it('given **bold**, it becomes *bold*', () => {
    expect(toMrkdwn('**Self-check** and **two words**')).toBe('*Self-check* and *two words*');
  });

  it('given _italic_, bullets and numbered lines, they stay as they are', () => {
    const text = '_Try it aloud._\n\n• one\n1. two';
    expect(toMrkdwn(text)).toBe(text);
  });

  it('given a link, it becomes <url|text>', () => {
    expect(toMrkdwn('• [QuerySet API](https://docs.djangoproject.com/en/5.2/ref/models/querysets/)')).toBe(
      '• <https://docs.djangoproject.com/en/5.2/ref/models/querysets/|QuerySet API>',
    );
  });

  it('given a link with & in its address, | or > in it, or bold in its text, the link stays one link', () => {
    expect(toMrkdwn('[**Docs** & more](https://x.test/a?b=1&c=2|3>4)')).toBe('<https://x.test/a?b=1&amp;c=2%7C3%3E4|*Docs* &amp; more>');
  });

  it('given a code span in a link\'s text, it is kept inside the link', () => {
    expect(toMrkdwn('[`select_related` docs](https://x.test)')).toBe('<https://x.test|`select_related` docs>');
  });

  it('given something that only looks like a link, it stays text', () => {
    expect(toMrkdwn('def f[T](...)')).toBe('def f[T](...)');
  });

  it('given &, < and > in plain text, they are escaped so they cannot form links or mentions', () => {
    expect(toMrkdwn('a < b && c > d <!channel> <https://x.test>')).toBe('a &lt; b &amp;&amp; c &gt; d &lt;!channel&gt; &lt;https://x.test&gt;');
  });

  it('given a > at the start of a line, it cannot become a block quote', () => {
    expect(toMrkdwn('> not a quote')).toBe('&gt; not a quote');
  });

  it('given code spans, their text is kept (entities only) and ** inside them is not bold', () => {
    expect(toMrkdwn('call `f(**kwargs)` on `map<str, int>` then **done**')).toBe('call `f(**kwargs)` on `map&lt;str, int&gt;` then *done*');
  });

  it('given a fence, its lines are kept (entities only), ** stays, and the language line becomes ```', () => {
    const text = 'Run:\n```python\nif a < b and **kw:\n    print("**hi**")\n```\n**after**';
    expect(toMrkdwn(text)).toBe('Run:\n```\nif a &lt; b and **kw:\n    print("**hi**")\n```\n*after*');
  });

  it('given an unclosed fence, the rest is treated as code', () => {
    expect(toMrkdwn('```sh\n**x** <y>')).toBe('```\n**x** &lt;y&gt;');
  });
});

describe('escapeMrkdwn', () => {
  it('given the three control characters, it escapes & first so nothing is escaped twice', () => {
    expect(escapeMrkdwn('&lt; <&>')).toBe('&amp;lt; &lt;&amp;&gt;');
  });
});

describe('the real lessons as Slack sections', () => {
  // Escaping makes mrkdwn longer than the Markdown it comes from (& becomes &amp;), and the splitter
  // counts Markdown; today's lessons leave ample room, and this test says when that stops being true.
  it('given every lesson message split at 3,000, each text block still fits a section once converted', async () => {
    const limits = { maxTextLength: 3000, maxButtonsPerRow: 25, maxRows: 50 };
    const tooLong = (await realLessonMessages()).flatMap(({ file, message }) =>
      splitMessage(message, limits).flatMap((part) => part.blocks.flatMap((b) => (b.kind === 'text' && toMrkdwn(b.markdown).length > 3000 ? [file] : []))),
    );
    expect(tooLong).toEqual([]);
  });
});
