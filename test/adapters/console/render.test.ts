import { describe, expect, it } from 'vitest';
import { renderForTerminal } from '../../../src/adapters/console/render.ts';
import { message } from '../../../src/core/messages.ts';

describe('terminal rendering', () => {
  it('given more buttons than a row holds, wraps them into even rows and numbers them across rows', () => {
    const options = Array.from({ length: 12 }, (_, i) => ({ id: `o${i + 1}`, label: `L${i + 1}` }));
    const { lines, buttons } = renderForTerminal(message([{ kind: 'choices', actionId: 'pick', options }], 'pick one'));
    expect(lines).toEqual(['[1] L1  [2] L2  [3] L3  [4] L4  [5] L5  [6] L6', '[7] L7  [8] L8  [9] L9  [10] L10  [11] L11  [12] L12']);
    expect(buttons.map((b) => b.value)).toEqual(options.map((o) => o.id));
  });

  it('given a locked row, shows the choice and offers nothing to press', () => {
    const { lines, buttons } = renderForTerminal(message([{ kind: 'choices', actionId: 'quiz', options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }], locked: true, chosen: 'b' }], 'answered'));
    expect(lines).toEqual(['(locked) A  B (chosen)']);
    expect(buttons).toEqual([]);
  });
});
