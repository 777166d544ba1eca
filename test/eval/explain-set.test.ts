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

  it('given the rule grader, meets the targets: rho >= 0.8, strong >= 80, lists, negations, copies and off-topic <= 20', async () => {
    const figures = await evaluate(set, prompts);
    expect(figures.rho).toBeGreaterThanOrEqual(0.8);
    expect(figures.categories.strong!.mean).toBeGreaterThanOrEqual(80);
    for (const c of ['keyword-list', 'negation', 'prompt-copy', 'off-topic']) expect(figures.categories[c]!.mean, c).toBeLessThanOrEqual(20);
  });
});

describe('npm run eval with a model grader configured', () => {
  it('given GRADER_URL and GRADER_MODEL, grades every answer of the set through the model as the coach does, and reports its figures', async () => {
    const { startFakeGrader } = await import('../helpers/fake-grader.ts');
    const { evalExplain } = await import('../../scripts/eval/explain.ts');
    const fake = await startFakeGrader();
    // A model that finds nothing: every verdict is valid, so every answer is graded by it and scores 0.
    fake.verdict((task) => ({ points: task.rubric.map((p) => ({ id: p.id, hit: false })) }));
    const saved = { url: process.env.GRADER_URL, model: process.env.GRADER_MODEL };
    process.env.GRADER_URL = fake.url;
    process.env.GRADER_MODEL = 'fake-model';
    try {
      const { model } = await evalExplain();
      expect(fake.requests).toHaveLength(set.length);
      expect(model!.gradedByModel).toBe(set.length);
      expect(Object.values(model!.categories).filter((c) => c.n > 0).map((c) => c.mean)).toEqual(CATEGORIES.map(() => 0));
      // Every point judged missed: agreement is exactly the share of points the hand grades missed too.
      const pairs = set.flatMap((a) => prompts.get(a.prompt)!.rubric.map((p) => a.points.includes(p.id)));
      expect(model!.pointAgreement).toBe(Math.round((1000 * pairs.filter((hit) => !hit).length) / pairs.length) / 10);
    } finally {
      if (saved.url === undefined) delete process.env.GRADER_URL;
      else process.env.GRADER_URL = saved.url;
      if (saved.model === undefined) delete process.env.GRADER_MODEL;
      else process.env.GRADER_MODEL = saved.model;
      await fake.stop();
    }
  });
});
