// A rubric point is hit by a statement: every one of its concepts occurs in one sentence, and the clause
// that carries them does not deny it. A concept is a list of synonyms; a term matches whole words unless it
// ends in * ("prefetch*" also matches "prefetching"); several words must follow each other.
import type { RubricPoint } from '../content/model.ts';
import { tokenize, type Sentence, type Token } from './text.ts';

interface TermWord {
  word: string;
  stem: boolean;
}
export type Term = TermWord[];

/** "query string*" -> [{query}, {string, stem}]; separators inside a word follow the answer's tokenising. */
export function compileTerm(term: string): Term {
  return term
    .trim()
    .split(/\s+/)
    .flatMap((piece) => {
      const stem = piece.endsWith('*');
      const tokens = tokenize(piece.replace(/\*+$/, ''));
      return tokens.map((t, i) => ({ word: t.word, stem: stem && i === tokens.length - 1 }));
    });
}

function matchesAt(tokens: Token[], at: number, term: Term): boolean {
  return term.every((w, k) => {
    const token = tokens[at + k];
    if (!token) return false;
    return w.stem ? token.word.startsWith(w.word) : token.word === w.word;
  });
}

interface Occurrence {
  concept: number;
  clause: number;
  /** Token range in the clause, to tell a term's own "no" ("no memory") from a denial. */
  from: number;
  to: number;
}

const NEGATORS = new Set(['not', 'no', 'never', 'neither', 'nor', 'none', 'nothing', 'nobody', 'nowhere']);
// "not only X but also Y", "no matter" and "no doubt" do not deny anything.
const NOT_A_DENIAL = new Set(['not only', 'not just', 'not merely', 'not simply', 'no matter', 'no doubt']);

// A denial reaches the point's words that follow it closely ("does not use a SQL join"); a "nothing" at the
// start of a long clause is about something else ("Nothing is remembered between calls because…").
const NEGATION_REACH = 5;

function isDenied(tokens: Token[], inTerms: Set<number>): boolean {
  return tokens.some((t, i) => {
    if (!NEGATORS.has(t.word) || inTerms.has(i) || NOT_A_DENIAL.has(`${t.word} ${tokens[i + 1]?.word ?? ''}`)) return false;
    for (let j = i + 1; j <= i + NEGATION_REACH && j < tokens.length; j += 1) if (inTerms.has(j)) return true;
    return false;
  });
}

export interface StatementMatch {
  hit: boolean;
  /** Some sentence had every concept but its clause denied the point. */
  denied: boolean;
  /** The learner's own words that made (or denied) the point. */
  evidence?: string;
  /** The first term that matched, for callers of the old grade shape. */
  matched?: string;
}

export interface CompiledPoint {
  point: RubricPoint;
  concepts: { terms: string[]; compiled: Term[] }[];
}

export function compilePoint(point: RubricPoint): CompiledPoint {
  return { point, concepts: point.concepts.map((terms) => ({ terms, compiled: terms.map(compileTerm) })) };
}

function occurrences(sentence: Sentence, point: CompiledPoint): { found: Occurrence[]; first: string[] } {
  const found: Occurrence[] = [];
  const first: string[] = [];
  point.concepts.forEach((concept, c) => {
    sentence.clauses.forEach((clause, k) => {
      for (let at = 0; at < clause.tokens.length; at += 1) {
        concept.compiled.forEach((term, t) => {
          if (term.length === 0 || !matchesAt(clause.tokens, at, term)) return;
          found.push({ concept: c, clause: k, from: at, to: at + term.length });
          first[c] ??= concept.terms[t]!;
        });
      }
    });
  });
  return { found, first };
}

const overlaps = (a: Occurrence, b: Occurrence) => a.clause === b.clause && a.from < b.to && b.from < a.to;

/** One occurrence per concept, no two on the same words: "one query per row" cannot be both "N+1" and "query". */
function distinctCover(found: Occurrence[], concepts: number): Occurrence[] | undefined {
  const byConcept = Array.from({ length: concepts }, (_, c) => found.filter((o) => o.concept === c));
  const pick = (c: number, chosen: Occurrence[]): Occurrence[] | undefined => {
    if (c === concepts) return chosen;
    for (const o of byConcept[c]!) {
      if (chosen.some((x) => overlaps(x, o))) continue;
      const done = pick(c + 1, [...chosen, o]);
      if (done) return done;
    }
    return undefined;
  };
  return pick(0, []);
}

/** Judges one sentence: undefined when a concept is missing, else hit or denied with its clauses as evidence. */
export function judgeSentence(sentence: Sentence, point: CompiledPoint): StatementMatch | undefined {
  const { found, first } = occurrences(sentence, point);
  const concepts = point.concepts.length;
  if (concepts === 0 || !distinctCover(found, concepts)) return undefined;
  const clauses = sentence.clauses.map((clause, k) => {
    const here = found.filter((o) => o.clause === k);
    const inTerms = new Set(here.flatMap((o) => Array.from({ length: o.to - o.from }, (_, i) => o.from + i)));
    return { k, concepts: new Set(here.map((o) => o.concept)).size, denied: isDenied(clause.tokens, inTerms) };
  });
  // The clause holding most of the point decides; on a tie an affirming clause wins ("select_related does not
  // follow many-to-many, prefetch_related does").
  const deciding = clauses.filter((c) => c.concepts > 0).sort((a, b) => b.concepts - a.concepts || Number(a.denied) - Number(b.denied))[0]!;
  const used = clauses.filter((c) => c.concepts > 0 && (!c.denied || c.k === deciding.k)).map((c) => c.k);
  const from = sentence.clauses[Math.min(...used)]!.start;
  const to = sentence.clauses[Math.max(...used)]!.end;
  const evidence = sentence.text.slice(from, to);
  return { hit: !deciding.denied, denied: deciding.denied, evidence, matched: first.find(Boolean) };
}
