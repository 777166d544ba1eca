// Block Kit rendering and payload parsing, pure: Slack's limits, command names, ids that round-trip.
import { describe, expect, it } from 'vitest';
import { actionIdOf, renderForm, renderMessage, SLACK_LIMITS } from '../../../src/adapters/slack/render.ts';
import { conversation, decodeSlackText, formMetadata, mentionText, parseCommandText, parseSubmission } from '../../../src/adapters/slack/inbound.ts';
import { threadReply } from '../../../src/adapters/slack/listeners.ts';
import { parseContinue, renderHome } from '../../../src/adapters/slack/home.ts';
import { message, text, type Block } from '../../../src/core/messages.ts';
import { UserError } from '../../../src/core/errors.ts';

const sectionTexts = (blocks: any[]) => blocks.filter((b) => b.type === 'section').map((b) => b.text.text as string);

describe('Slack rendering', () => {
  it('given text that escaping makes longer than a section, splits it into sections of at most 3,000 characters', () => {
    const markdown = Array.from({ length: 45 }, (_, i) => `Line ${i}: a < b && c > d, so map<str, int> holds & counts.`).join('\n');
    expect(markdown.length).toBeLessThan(3000);
    const { blocks } = renderMessage(message([text(markdown)]));
    const sections = sectionTexts(blocks);
    expect(sections.length).toBe(2);
    expect(sections.every((s) => s.length <= SLACK_LIMITS.sectionText)).toBe(true);
    const decoded = sections.join('').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(decoded.replace(/\s+/g, '')).toBe(markdown.replace(/\s+/g, ''));
  });

  it('given command names in text, writes them as /coach subcommands', () => {
    const { blocks } = renderMessage(message([text('Try `/quiz`, then `/lesson 3`; `/nope` stays.')]));
    expect(sectionTexts(blocks)).toEqual(['Try `/coach quiz`, then `/coach lesson 3`; `/nope` stays.']);
  });

  it('given buttons, keeps labels within 75, action ids unique in their block and mapped back, values verbatim', () => {
    const long = 'L'.repeat(100);
    const blocks: Block[] = [{ kind: 'choices', actionId: 'quiz', options: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id: `tok:${id}`, label: id === 'f' ? long : id.toUpperCase() })) }];
    const rendered = renderMessage(message(blocks)).blocks as any[];
    expect(rendered.map((b) => b.type)).toEqual(['actions', 'actions']);
    const buttons = rendered.flatMap((b) => b.elements);
    expect(buttons.map((b) => b.action_id)).toEqual(['quiz#0', 'quiz#1', 'quiz#2', 'quiz#3', 'quiz#4', 'quiz#5']);
    expect(buttons.map((b) => actionIdOf(b.action_id))).toEqual(Array(6).fill('quiz'));
    expect(buttons.at(-1).text.text).toBe(`${'L'.repeat(74)}…`);
    expect(buttons.map((b) => b.value)).toEqual(['tok:a', 'tok:b', 'tok:c', 'tok:d', 'tok:e', 'tok:f']);
  });

  it('given an answered question, shows the options as text with the choice ticked and nothing to press', () => {
    const { blocks } = renderMessage(message([{ kind: 'choices', actionId: 'quiz', locked: true, chosen: 'b', options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] }]));
    expect(blocks).toEqual([{ type: 'context', elements: [{ type: 'mrkdwn', text: '🔒 A  ·  *B* (chosen)' }] }]);
  });

  it('given more than 50 blocks, refuses instead of sending what Slack would reject', () => {
    const headings: Block[] = Array.from({ length: 51 }, (_, i) => ({ kind: 'heading', text: `H${i}` }));
    expect(() => renderMessage(message(headings))).toThrow(RangeError);
  });

  it('given a form with a long title, shortens the modal title to 24 and shows it whole inside; its metadata round-trips', () => {
    const conv = conversation('T1', 'C1', '123.456');
    const form = { id: 'explain:demo-step-1', title: 'Explain · Lesson demo-step-1', intro: 'Explain it', fields: [{ id: 'answer', label: 'Your explanation', style: 'paragraph' as const, maxLength: 2000 }] };
    const view = renderForm(form, formMetadata(form.id, conv));
    expect(view.title.text).toBe('Explain · Lesson demo-s…');
    expect((view.blocks[0] as any).text.text).toBe('Explain · Lesson demo-step-1');
    const submission = { type: 'view_submission', user: { id: 'U1', name: 'a' }, team: { id: 'T1' }, trigger_id: 'tr', view: { private_metadata: view.private_metadata, state: { values: { answer: { answer: { value: 'x' } } } } } };
    expect(parseSubmission(submission)?.metadata).toEqual({ form: 'explain:demo-step-1', team: 'T1', channel: 'C1', thread: '123.456' });
    expect(parseSubmission({ ...submission, view: { ...submission.view, private_metadata: '{not json' } })).toBeUndefined();
  });
});

describe('Slack payloads', () => {
  it('given command text, parses any command of the table positionally; empty is help; unknown names fail as on Slack', () => {
    expect(parseCommandText('LESSON django 33')).toEqual({ name: 'lesson', args: { track: 'django', step: '33' } });
    expect(parseCommandText('run print(1 &lt; 2)')).toEqual({ name: 'run', args: { code: 'print(1 < 2)' } });
    expect(parseCommandText('  ')).toEqual({ name: 'help', args: {} });
    expect(parseCommandText('run print(\u201chi\u201d)')).toEqual({ name: 'run', args: { code: 'print("hi")' } });
    expect(() => parseCommandText('dance')).toThrow(new UserError('unknownCommand', { command: 'coach dance' }));
  });

  it('given mentions and Slack text, takes out the bot mention and decodes entities and links', () => {
    expect(mentionText('<@UBOT> quiz django', 'UBOT')).toBe('quiz django');
    expect(decodeSlackText('a &lt;b&gt; &amp; <https://x.dev|docs> <https://y.dev>')).toBe('a <b> & docs https://y.dev');
  });

  it('given message events, passes only people\'s thread replies and their edits', () => {
    const base = { channel: 'C1', user: 'U1', text: 'hi', ts: '2.0', thread_ts: '1.0' };
    expect(threadReply(base, 'UBOT')).toEqual({ user: 'U1', channel: 'C1', ts: '2.0', threadTs: '1.0', text: 'hi', edited: false });
    expect(threadReply({ ...base, thread_ts: undefined }, 'UBOT')).toBeUndefined();
    expect(threadReply({ ...base, bot_id: 'B1' }, 'UBOT')).toBeUndefined();
    expect(threadReply({ ...base, subtype: 'channel_join' }, 'UBOT')).toBeUndefined();
    expect(threadReply({ ...base, text: '<@UBOT> quiz' }, 'UBOT')).toBeUndefined();
    expect(threadReply({ channel: 'C1', ts: '3.0', subtype: 'message_changed', message: { ...base, channel: 'C1', text: 'edited' } }, 'UBOT')).toMatchObject({ ts: '2.0', text: 'edited', edited: true });
  });

  it('given App Home for a newcomer, says so and offers the first lesson; the button value round-trips', () => {
    const home = renderHome({ displayName: 'alice', report: { tracks: [], weakestTopics: [] }, next: { trackId: 'django', trackTitle: 'Django', step: 1, total: 36, title: 'Intro' } });
    const texts = home.blocks.map((b: any) => b.text?.text ?? b.elements?.[0]?.text);
    expect(texts).toContain('No progress yet. Open your first lesson above, or type `/coach lesson` in any channel.');
    expect(parseContinue((home.blocks[1] as any).accessory.value)).toEqual({ track: 'django', step: '1' });
    expect(parseContinue('django:1:extra')).toBeUndefined();
  });
});
