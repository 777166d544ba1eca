// The hand-graded evaluation set is data the grader is measured on: its shape is checked here, and the
// targets from issue #13 are held so a grader change that loses them fails.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExplainPrompt } from '../../src/core/content/model.ts';
import { CATEGORIES, evaluate, loadEvalSet, loadPrompts, type LabelledAnswer } from '../../scripts/eval/explain.ts';
import { ranks, spearman } from '../../scripts/eval/spearman.ts';

let set: LabelledAnswer[];
let prompts: Map<string, ExplainPrompt>;
beforeAll(async () => {
  [set, prompts] = await Promise.all([loadEvalSet(), loadPrompts()]);
});

describe('spearman', () => {
  it('given ties, shares their average rank; given the same order, is 1; given the reverse, -1', () => {
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 400])).toBe(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 10);
  });
});

describe('explain evaluation set', () => {
  it('given the set, has at least 150 answers over at least 15 prompts of both tracks, every category, known points', () => {
    expect(set.length).toBeGreaterThanOrEqual(150);
    const used = new Set(set.map((a) => a.prompt));
    expect(used.size).toBeGreaterThanOrEqual(15);
    expect(new Set([...used].map((p) => p.split('/')[0]))).toEqual(new Set(['django', 'python']));
    for (const c of CATEGORIES) expect(set.filter((a) => a.category === c).length, c).toBeGreaterThanOrEqual(10);
    for (const a of set) {
      const rubric = prompts.get(a.prompt)?.rubric.map((p) => p.id);
      expect(rubric, a.prompt).toBeDefined();
      for (const id of a.points) expect(rubric, `${a.prompt}: ${id}`).toContain(id);
    }
  });

  it('given the rule grader, meets the targets: rho >= 0.8, strong >= 80, lists, negations, copies and off-topic <= 20', () => {
    const figures = evaluate(set, prompts);
    expect(figures.rho).toBeGreaterThanOrEqual(0.8);
    expect(figures.categories.strong!.mean).toBeGreaterThanOrEqual(80);
    for (const c of ['keyword-list', 'negation', 'prompt-copy', 'off-topic']) expect(figures.categories[c]!.mean, c).toBeLessThanOrEqual(20);
  });
});
