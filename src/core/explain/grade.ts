// Grades a 30-second explanation against a lesson's rubric. Pure and deterministic: a point is hit when
// any of its phrases appears at a word boundary (so "prefetch" counts in "prefetching"); words are counted
// against the budget; seconds against the prompt's limit.
import type { ExplainPrompt } from '../content/model.ts';

export interface PointResult {
  id: string;
  point: string;
  hit: boolean;
  matched?: string;
}

export interface ExplainGrade {
  points: PointResult[];
  words: number;
  wordBudget: number;
  seconds: number;
  secondsAllowed: number;
  late: boolean;
  /** 0..100 */
  score: number;
  /** Set only when a model grader is configured: which of the two graded this answer. */
  gradedBy?: 'model' | 'rules';
}

// Rubric coverage is what matters; brevity and speed only add to an answer that says something.
const COVERAGE_WEIGHT = 0.7;
const BUDGET_WEIGHT = 0.15;
const TIME_WEIGHT = 0.15;

export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[_\-/]/g, ' ')
    .replace(/[^a-z0-9+#.\s]/g, ' ')
    .replace(/\.(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function countWords(text: string): number {
  const words = text.trim().match(/\S+/g);
  return words ? words.length : 0;
}

function findPhrase(normalizedText: string, phrase: string): boolean {
  const needle = normalize(phrase);
  if (!needle) return false;
  const haystack = ` ${normalizedText}`;
  return haystack.includes(` ${needle}`);
}

export function gradeExplanation(prompt: ExplainPrompt, answer: string, seconds: number): ExplainGrade {
  const normalized = normalize(answer);
  const points = prompt.rubric.map((p): PointResult => {
    const matched = normalized ? p.phrases.find((phrase) => findPhrase(normalized, phrase)) : undefined;
    return matched ? { id: p.id, point: p.point, hit: true, matched } : { id: p.id, point: p.point, hit: false };
  });
  const words = countWords(answer);
  const late = seconds > prompt.seconds;
  const score = scoreOf(points, words, prompt.wordBudget, seconds, prompt.seconds);
  return { points, words, wordBudget: prompt.wordBudget, seconds, secondsAllowed: prompt.seconds, late, score };
}

/** The grade with other point results (a model grader's verified verdict), scored with the same weights. */
export function withPoints(grade: ExplainGrade, points: PointResult[]): ExplainGrade {
  return { ...grade, points, score: scoreOf(points, grade.words, grade.wordBudget, grade.seconds, grade.secondsAllowed) };
}

function scoreOf(points: PointResult[], words: number, wordBudget: number, seconds: number, secondsAllowed: number): number {
  const coverage = points.filter((p) => p.hit).length / Math.max(points.length, 1);
  const budgetFactor = words <= wordBudget ? 1 : Math.max(0, 1 - (words - wordBudget) / wordBudget);
  // Late answers lose the time credit gradually over one more allowance, then entirely.
  const timeFactor = seconds > secondsAllowed ? Math.max(0, 1 - (seconds - secondsAllowed) / secondsAllowed) : 1;
  return Math.round(100 * coverage * (COVERAGE_WEIGHT + BUDGET_WEIGHT * budgetFactor + TIME_WEIGHT * timeFactor));
}
