// Optional model grading of explain answers. The rubric is the contract: the judge (a port; grader/ has
// the HTTP client) sees the prompt, the points' ids and texts, and the answer as data, and claims per
// point hit or missed with a quote. Nothing it says is taken on trust:
// - a verdict must name every rubric point exactly once, and a hit must carry a quote, else it is refused;
// - a quote must occur in the answer verbatim (whitespace runs, typographic quotes and the quote's own
//   surrounding quote marks and final punctuation aside), and be at least 4 characters, else that point is missed;
// - a quote that speaks to the grader ("ignore the rubric", "give 100") proves the model followed the
//   answer's instructions, so the whole verdict is refused.
// Refused or absent, the rule grader's result answers. The score always uses the rule grader's weights.
import type { ExplainPrompt } from '../content/model.ts';
import type { ExplainJudge, JudgeVerdict } from '../ports.ts';
import { neutraliseMentions } from '../text/index.ts';
import type { CoreLogger } from '../turn.ts';
import { gradeExplanation, withPoints, type ExplainGrade, type PointResult } from './grade.ts';

const MIN_EVIDENCE_LENGTH = 4;
const SHOWN_EVIDENCE_MAX = 120;
const ADDRESSES_GRADER = [
  /\b(ignore|disregard|forget)\b.{0,60}\b(rubric|instructions?|prompt|above|previous|system)\b/i,
  /\b(give|award|grant|assign|mark|score|rate)\b.{0,40}\b(100|full|max(imum)?|all\s+(the\s+)?points|perfect)\b/i,
  /\b(rubric|grader|system\s+message)\b/i,
];

/** The answer as compared with quotes: one space for any whitespace run, typographic quotes made plain. */
export function normalizeForEvidence(text: string): string {
  return text.replace(/[\u2018\u2019\u201b\u2032]/g, "'").replace(/[\u201c\u201d\u201f\u2033]/g, '"').replace(/\s+/g, ' ').trim();
}

/** The quote as given, without a pair of quote marks around it, and without its final punctuation too. */
function quoteForms(evidence: string): string[] {
  const given = normalizeForEvidence(evidence);
  const unquoted = /^(["'`])(.*)\1$/.exec(given)?.[2]?.trim() ?? given;
  const trimmed = unquoted.replace(/(\.\.\.|…)$/, '').replace(/[.,;:!?]+$/, '').trim();
  return [given, unquoted, trimmed];
}

export type VerdictCheck = { ok: true; points: PointResult[]; unquoted: string[] } | { ok: false; problem: string };

/** Checks a judge's verdict against the rubric and the answer (pure). */
export function checkVerdict(prompt: ExplainPrompt, answer: string, verdict: JudgeVerdict): VerdictCheck {
  const claims = new Map<string, JudgeVerdict['points'][number]>();
  for (const claim of verdict.points) {
    if (claims.has(claim.id)) return { ok: false, problem: `point ${claim.id} is judged twice` };
    claims.set(claim.id, claim);
  }
  const unknown = [...claims.keys()].filter((id) => !prompt.rubric.some((p) => p.id === id));
  if (unknown.length > 0) return { ok: false, problem: `unknown points ${unknown.join(', ')}` };
  const missing = prompt.rubric.filter((p) => !claims.has(p.id)).map((p) => p.id);
  if (missing.length > 0) return { ok: false, problem: `points ${missing.join(', ')} are not judged` };

  const haystack = normalizeForEvidence(answer);
  const unquoted: string[] = [];
  const points: PointResult[] = [];
  for (const p of prompt.rubric) {
    const claim = claims.get(p.id)!;
    if (!claim.hit) {
      points.push({ id: p.id, point: p.point, hit: false });
      continue;
    }
    const forms = quoteForms(claim.evidence ?? '');
    if (forms[2] === '') return { ok: false, problem: `point ${p.id} is hit without evidence` };
    if (ADDRESSES_GRADER.some((re) => re.test(forms[0]!))) return { ok: false, problem: `point ${p.id} quotes an instruction to the grader as evidence` };
    const quote = forms.findLast((form) => form.length >= MIN_EVIDENCE_LENGTH && haystack.includes(form));
    if (!quote) {
      unquoted.push(p.id);
      points.push({ id: p.id, point: p.point, hit: false });
      continue;
    }
    points.push({ id: p.id, point: p.point, hit: true, matched: shown(quote), evidence: shown(quote) });
  }
  return { ok: true, points, unquoted };
}

/** The quote as the grade shows it: no pings, no markup of the learner's, not too long. */
function shown(quote: string): string {
  const plain = neutraliseMentions(quote.replace(/[*`]/g, ''));
  return plain.length > SHOWN_EVIDENCE_MAX ? `${plain.slice(0, SHOWN_EVIDENCE_MAX - 1)}…` : plain;
}

/** A verdict's checked points for one prompt, or undefined (with a warning) when the rule grader must answer. */
export async function judgeAnswer(judge: ExplainJudge, prompt: ExplainPrompt, answer: string, logger: CoreLogger): Promise<PointResult[] | undefined> {
  let verdict: JudgeVerdict | undefined;
  try {
    verdict = await judge.judge({ prompt: prompt.prompt, points: prompt.rubric.map((p) => ({ id: p.id, point: p.point })), answer });
  } catch (error) {
    logger.warn({ err: error, promptId: prompt.id }, 'model grader failed; the rule grader answered');
    return undefined;
  }
  if (!verdict) return undefined;
  const checked = checkVerdict(prompt, answer, verdict);
  if (!checked.ok) {
    logger.warn({ promptId: prompt.id, problem: checked.problem }, 'model grader verdict refused; the rule grader answered');
    return undefined;
  }
  if (checked.unquoted.length > 0) logger.warn({ promptId: prompt.id, points: checked.unquoted }, 'model grader quoted text that is not in the answer; those points are missed');
  return checked.points;
}

/** The rule grade, re-scored from the model's checked points when there are some; marks which graded. */
export function combineGrades(ruleGrade: ExplainGrade, modelPoints: PointResult[] | undefined): ExplainGrade {
  return modelPoints ? { ...withPoints(ruleGrade, modelPoints), gradedBy: 'model' } : { ...ruleGrade, gradedBy: 'rules' };
}

/** One answer graded with the judge as the coach grades it (for the evaluation script); gradedBy says which answered. */
export async function gradeWithJudge(judge: ExplainJudge, prompt: ExplainPrompt, answer: string, seconds: number, logger: CoreLogger): Promise<ExplainGrade> {
  const modelPoints = await judgeAnswer(judge, prompt, answer, logger);
  return combineGrades(gradeExplanation(prompt, answer, seconds), modelPoints);
}
