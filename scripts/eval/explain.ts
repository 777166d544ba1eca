// The explain grader against the hand-graded evaluation set (eval/explain-set.yaml): Spearman's rho between
// grader and hand grades, the mean score per category, and how often the grader agrees with the hand on
// each point. `npm run eval` prints it; `npm run bench` includes it. With GRADER_URL and GRADER_MODEL set
// (see .env.example) it grades the set a second time through the model grader, exactly as the coach does.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadContent } from '../../src/content/loader.ts';
import { gradeExplanation, gradeWithJudge } from '../../src/core/explain/index.ts';
import { createOpenAiJudge } from '../../src/grader/openai-judge.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import type { ExplainPrompt } from '../../src/core/content/model.ts';
import { spearman } from './spearman.ts';

export const CATEGORIES = ['strong', 'partial', 'wrong-right-words', 'negation', 'keyword-list', 'prompt-copy', 'off-topic', 'rambling'] as const;

const answerSchema = z.strictObject({
  prompt: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'track/lesson-id'),
  category: z.enum(CATEGORIES),
  hand: z.number().int().min(0).max(100),
  points: z.array(z.string()),
  answer: z.string(),
  heldOut: z.boolean().optional(),
});
const setSchema = z.strictObject({ answers: z.array(answerSchema).min(1) });
export type LabelledAnswer = z.infer<typeof answerSchema>;

const root = path.resolve(import.meta.dirname, '../..');
export const EVAL_SET = path.join(root, 'eval/explain-set.yaml');

export async function loadEvalSet(file = EVAL_SET): Promise<LabelledAnswer[]> {
  return setSchema.parse(parse(await readFile(file, 'utf8'))).answers;
}

/** Explain prompts by "track/lesson-id", from the content the coach serves. */
export async function loadPrompts(contentRoot = path.join(root, 'content')): Promise<Map<string, ExplainPrompt>> {
  const { tracks } = await loadContent(contentRoot);
  return new Map(tracks.flatMap(({ track, lessons }) => lessons.map(({ lesson }) => [`${track.id}/${lesson.id}`, lesson.explain] as const)));
}

export interface EvalFigures {
  answers: number;
  prompts: number;
  rho: number;
  categories: Record<string, { n: number; mean: number; handMean: number }>;
  /** Share of (answer, point) pairs where grader and hand agree on hit or miss. */
  pointAgreement: number;
}

export type Grader = (prompt: ExplainPrompt, answer: string) => Promise<{ score: number; hits: string[]; byModel?: boolean }>;
const summary = (grade: { score: number; points: { id: string; hit: boolean }[] }) => ({ score: grade.score, hits: grade.points.filter((p) => p.hit).map((p) => p.id) });
const ruleGrader: Grader = async (prompt, answer) => summary(gradeExplanation(prompt, answer, prompt.seconds / 2));

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
const round1 = (x: number) => Math.round(x * 10) / 10;

export async function evaluate(set: LabelledAnswer[], prompts: Map<string, ExplainPrompt>, grader: Grader = ruleGrader): Promise<EvalFigures & { graded: number[] }> {
  let agree = 0;
  let pairs = 0;
  const graded: number[] = [];
  // One answer at a time: a model endpoint is graded at the pace the coach would use it.
  for (const item of set) {
    const prompt = prompts.get(item.prompt);
    if (!prompt) throw new Error(`eval set: no explain prompt "${item.prompt}" in the content`);
    const { score, hits } = await grader(prompt, item.answer);
    for (const point of prompt.rubric) {
      pairs += 1;
      if (hits.includes(point.id) === item.points.includes(point.id)) agree += 1;
    }
    graded.push(score);
  }
  const categories = Object.fromEntries(
    CATEGORIES.map((c) => {
      const idx = set.flatMap((item, i) => (item.category === c ? [i] : []));
      return [c, { n: idx.length, mean: round1(mean(idx.map((i) => graded[i]!))), handMean: round1(mean(idx.map((i) => set[i]!.hand))) }];
    }),
  );
  return {
    answers: set.length,
    prompts: new Set(set.map((s) => s.prompt)).size,
    rho: Math.round(spearman(graded, set.map((s) => s.hand)) * 1000) / 1000,
    categories,
    pointAgreement: round1((100 * agree) / Math.max(pairs, 1)),
    graded,
  };
}

function print(title: string, figures: EvalFigures): void {
  console.log(`${title}: ${figures.answers} hand-graded answers (${figures.prompts} prompts): Spearman rho ${figures.rho}, point agreement ${figures.pointAgreement}%`);
  for (const [name, c] of Object.entries(figures.categories)) {
    if (c.n > 0) console.log(`  ${name.padEnd(18)} n=${String(c.n).padStart(3)}  grader mean ${String(c.mean).padStart(5)}  hand mean ${c.handMean}`);
  }
}

/** The model grader as the coach builds it, when configured; the share of answers it really graded is counted. */
function modelGrader(): { grader: Grader; graded: () => number } | undefined {
  const config = loadConfig();
  if (!config.grader) return undefined;
  const logger = createLogger('warn');
  const judge = createOpenAiJudge({ ...config.grader, logger });
  let byModel = 0;
  const grader: Grader = async (prompt, answer) => {
    const grade = await gradeWithJudge(judge, prompt, answer, prompt.seconds / 2, logger);
    if (grade.gradedBy === 'model') byModel += 1;
    return summary(grade);
  };
  return { grader, graded: () => byModel };
}

export async function evalExplain(): Promise<{ all: EvalFigures; heldOut: EvalFigures; model?: EvalFigures & { gradedByModel: number } }> {
  const [set, prompts] = await Promise.all([loadEvalSet(), loadPrompts()]);
  const { graded: _all, ...all } = await evaluate(set, prompts);
  const { graded: _held, ...heldOut } = await evaluate(set.filter((a) => a.heldOut), prompts);
  print('explain grader, whole set', all);
  print('explain grader, held-out answers only (never tuned on)', heldOut);
  const withModel = modelGrader();
  if (!withModel) {
    console.log('model grader: not configured (set GRADER_URL and GRADER_MODEL to grade the set with it too)');
    return { all, heldOut };
  }
  const { graded: _model, ...figures } = await evaluate(set, prompts, withModel.grader);
  print(`model grader, whole set (${withModel.graded()} of ${set.length} answers graded by the model, the rest by the rules)`, figures);
  return { all, heldOut, model: { ...figures, gradedByModel: withModel.graded() } };
}
