import { describe, expect, it } from 'vitest';
import { ButtonStyle, ComponentType, TextInputStyle } from 'discord-api-types/v10';
import { buttonCustomId, parseButtonCustomId, parseModalCustomId } from '../../../src/adapters/discord/custom-id.ts';
import { progressBar, renderMessage, renderModal } from '../../../src/adapters/discord/render.ts';
import { message, text } from '../../../src/core/messages.ts';

const options = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `o${i}`, label: `Option ${i}` }));

describe('Discord render', () => {
  it('given text, a heading, code and progress, joins them as Discord Markdown with no mentions allowed', () => {
    const body = renderMessage(message([{ kind: 'heading', text: 'Joins' }, { kind: 'progress', done: 1, total: 4, label: 'step 1/4' }, text('Use **select_related**.'), { kind: 'code', language: 'python', source: 'print(1)' }]));
    expect(body).toEqual({ content: '**Joins**\n\n█████░░░░░░░░░░░░░░░ step 1/4\n\nUse **select_related**.\n\n```python\nprint(1)\n```', components: [], allowed_mentions: { parse: [] } });
  });

  it('given six choices, lays them out as two rows of three with versioned custom ids', () => {
    const body = renderMessage(message([text('Pick'), { kind: 'choices', actionId: 'quiz', options: options(6) }]));
    expect(body.components.map((row) => row.components.length)).toEqual([3, 3]);
    expect(body.components[0]!.components[0]).toEqual({ type: ComponentType.Button, custom_id: '1|quiz|o0', label: 'Option 0', style: ButtonStyle.Secondary, disabled: false });
  });

  it('given a locked choice, disables every button and marks the chosen one neutrally (primary, not green)', () => {
    const body = renderMessage(message([text('Q'), { kind: 'choices', actionId: 'quiz', options: options(3), locked: true, chosen: 'o1' }]));
    expect(body.components[0]!.components.map((b) => [b.style, b.disabled])).toEqual([
      [ButtonStyle.Secondary, true],
      [ButtonStyle.Primary, true],
      [ButtonStyle.Secondary, true],
    ]);
  });

  it('given a rating with labels, numbers its buttons and carries the value prefix', () => {
    const body = renderMessage(message([text('How sure?'), { kind: 'rating', actionId: 'confidence', valuePrefix: 'l1:', min: 1, max: 5, labels: ['no', 'meh', 'ok', 'good', 'teach'] }]));
    expect(body.components[0]!.components.map((b) => [b.custom_id, b.label])).toEqual([
      ['1|confidence|l1:1', '1 no'],
      ['1|confidence|l1:2', '2 meh'],
      ['1|confidence|l1:3', '3 ok'],
      ['1|confidence|l1:4', '4 good'],
      ['1|confidence|l1:5', '5 teach'],
    ]);
  });

  it('given buttons alone, shows the fallback text so the message says what they are for', () => {
    expect(renderMessage(message([{ kind: 'choices', actionId: 'x', options: options(1) }], 'Run again?')).content).toBe('Run again?');
  });

  it('given what does not fit Discord, throws instead of cutting: content over 2,000, a custom_id over 100, more than 5 rows', () => {
    expect(() => renderMessage(message([text('x'.repeat(2001))]))).toThrow(RangeError);
    expect(() => buttonCustomId('quiz', 'v'.repeat(95))).toThrow(/exceeds Discord's 100/);
    expect(() => renderMessage(message([{ kind: 'choices', actionId: 'q', options: options(26) }]))).toThrow(RangeError);
  });

  it('given custom ids of this version, another version or none, reads only its own', () => {
    expect(parseButtonCustomId('1|quiz|tok:b')).toEqual({ actionId: 'quiz', value: 'tok:b' });
    expect(parseButtonCustomId('1|lesson|a|b')).toEqual({ actionId: 'lesson', value: 'a|b' });
    expect(parseButtonCustomId('quiz:tok:b')).toBeUndefined();
    expect(parseButtonCustomId('2|quiz|tok:b')).toBeUndefined();
    expect(parseModalCustomId('1|explain:demo')).toBe('explain:demo');
    expect(parseModalCustomId('explain:demo')).toBeUndefined();
  });

  it('given a form, renders a modal within Discord limits: title 45, label 45, placeholder 100', () => {
    const modal = renderModal({ id: 'explain:l1', title: 'T'.repeat(60), intro: 'I'.repeat(150), fields: [{ id: 'answer', label: 'L'.repeat(50), style: 'paragraph', maxLength: 9000 }] });
    expect(modal.title).toHaveLength(45);
    expect(modal.custom_id).toBe('1|explain:l1');
    const input = (modal.components[0] as { components: { label: string; placeholder: string }[] }).components[0]!;
    expect(input).toMatchObject({ type: ComponentType.TextInput, custom_id: 'answer', style: TextInputStyle.Paragraph, max_length: 4000, required: true });
    expect([input.label.length, input.placeholder.length]).toEqual([45, 100]);
  });

  it('given progress, fills the bar in proportion and never beyond', () => {
    expect(progressBar(0, 36)).toBe('░'.repeat(20));
    expect(progressBar(40, 36)).toBe('█'.repeat(20));
  });
});
