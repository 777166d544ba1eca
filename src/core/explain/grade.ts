// Grades a 30-second explanation against a lesson's rubric. Pure and deterministic. A point is hit by a
// statement (statements.ts): its concepts together in one sentence that is not denied. Keyword fragments,
// copies of the prompt and text past twice the word budget carry no points; the notes say why.
import type { ExplainPrompt } from '../content/model.ts';
import { compilePoint, judgeSentence, type StatementMatch } from './statements.ts';
import { isOtherLanguage, isStatement } from './structure.ts';
import { isCopiedSentence, promptWords } from './prompt-copy.ts';
import { countWords, sentencesOf, splitCode, tokenize, type Sentence } from './text.ts';
import { KEYWORD_LIST_CAP, noteText, type GradeNote, type NoteKind } from './notes.ts';

export { countWords } from './text.ts';
export { KEYWORD_LIST_CAP, type GradeNote, type NoteKind } from './notes.ts';

export interface PointResult {
  id: string;
  point: string;
  hit: boolean;
  /** The first rubric term found in the evidence (kept for callers of the first grader). */
  matched?: string;
  /** The learner's own clause that made the point, or that denied it. */
  evidence?: string;
  /** True when the answer stated the point's concepts only to deny them. */
  denied?: boolean;
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
  /** Why an answer scored as it did beyond its points: a keyword list, a copy of the prompt, no words… */
  notes: GradeNote[];
}

// Rubric coverage is what matters; brevity and speed only add to an answer that says something.
const COVERAGE_WEIGHT = 0.7;
const BUDGET_WEIGHT = 0.15;
const TIME_WEIGHT = 0.15;
const KEYWORD_LIST_SHARE = 0.5;
const COPY_SHARE = 0.6;
/** An interviewer stops listening: points made after this many times the word budget do not count. */
const READ_BUDGETS = 2;

interface Reading {
  statements: Sentence[];
  notes: NoteKind[];
  /** Set when nothing in the answer can earn points. */
  void: boolean;
}

function read(prompt: ExplainPrompt, answer: string): Reading {
  const { prose, hadCode } = splitCode(answer);
  const notes: NoteKind[] = [];
  if (answer.trim() === '') return { statements: [], notes: ['empty'], void: true };
  const tokens = tokenize(prose);
  if (tokens.length === 0) return { statements: [], notes: [hadCode ? 'codeOnly' : 'noWords'], void: true };
  if (hadCode) notes.push('codeIgnored');
  if (isOtherLanguage(tokens)) return { statements: [], notes: [...notes, 'otherLanguage'], void: true };
  const sentences = sentencesOf(prose);
  const asked = promptWords(prompt.prompt);
  const copied = sentences.filter((s) => isCopiedSentence(s, asked));
  const wordsIn = (list: Sentence[]) => list.reduce((n, s) => n + s.tokens.length, 0);
  if (wordsIn(copied) >= COPY_SHARE * tokens.length) return { statements: [], notes: [...notes, 'promptCopy'], void: true };
  const original = sentences.filter((s) => !copied.includes(s));
  const statements = original.filter(isStatement);
  if (wordsIn(original) - wordsIn(statements) >= KEYWORD_LIST_SHARE * tokens.length) notes.push('keywordList');
  const readable = statements.filter((s) => s.firstWord < READ_BUDGETS * prompt.wordBudget);
  if (readable.length < statements.length) notes.push('stoppedReading');
  return { statements: readable, notes, void: false };
}

function judgePoint(statements: Sentence[], point: ReturnType<typeof compilePoint>): StatementMatch {
  let denial: StatementMatch | undefined;
  for (const sentence of statements) {
    const judged = judgeSentence(sentence, point);
    if (judged?.hit) return judged;
    denial ??= judged;
  }
  return denial ?? { hit: false, denied: false };
}

export function gradeExplanation(prompt: ExplainPrompt, answer: string, seconds: number): ExplainGrade {
  const reading = read(prompt, answer);
  const points = prompt.rubric.map((p): PointResult => {
    const judged = reading.void ? { hit: false, denied: false } : judgePoint(reading.statements, compilePoint(p));
    const result: PointResult = { id: p.id, point: p.point, hit: judged.hit };
    if (judged.evidence !== undefined) result.evidence = judged.evidence;
    if (judged.hit && judged.matched !== undefined) result.matched = judged.matched;
    if (judged.denied) result.denied = true;
    return result;
  });
  const words = countWords(answer);
  const late = seconds > prompt.seconds;
  const raw = scoreOf(points, words, prompt.wordBudget, seconds, prompt.seconds);
  const score = reading.notes.includes('keywordList') ? Math.min(raw, KEYWORD_LIST_CAP) : raw;
  const notes = reading.notes.map((kind) => ({ kind, text: noteText(kind, prompt) }));
  return { points, words, wordBudget: prompt.wordBudget, seconds, secondsAllowed: prompt.seconds, late, score, notes };
}

/** The grade with other point results (a model grader's verified verdict), scored with the same weights. */
export function withPoints(grade: ExplainGrade, points: PointResult[]): ExplainGrade {
  const raw = scoreOf(points, grade.words, grade.wordBudget, grade.seconds, grade.secondsAllowed);
  // A keyword list is capped whoever read it: the note asking for sentences stays true.
  return { ...grade, points, score: grade.notes.some((n) => n.kind === 'keywordList') ? Math.min(raw, KEYWORD_LIST_CAP) : raw };
}

function scoreOf(points: PointResult[], words: number, wordBudget: number, seconds: number, secondsAllowed: number): number {
  const coverage = points.filter((p) => p.hit).length / Math.max(points.length, 1);
  const budgetFactor = words <= wordBudget ? 1 : Math.max(0, 1 - (words - wordBudget) / wordBudget);
  // Late answers lose the time credit gradually over one more allowance, then entirely.
  const timeFactor = seconds > secondsAllowed ? Math.max(0, 1 - (seconds - secondsAllowed) / secondsAllowed) : 1;
  return Math.round(100 * coverage * (COVERAGE_WEIGHT + BUDGET_WEIGHT * budgetFactor + TIME_WEIGHT * timeFactor));
}
