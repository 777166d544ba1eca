// Text handling for the grader: sentences and clauses keep their original wording (they are shown back as
// evidence), tokens are normalised the same way for answers and rubric terms so that both sides agree.

export interface Token {
  word: string;
  /** Offsets of the token in the clause text it came from. */
  start: number;
  end: number;
}

export interface Clause {
  text: string;
  tokens: Token[];
  /** Where the clause sits in its sentence's text. */
  start: number;
  end: number;
}

export interface Sentence {
  text: string;
  clauses: Clause[];
  tokens: Token[];
  /** Index of the sentence's first token among all the answer's tokens (for reading budgets). */
  firstWord: number;
}

// Abbreviations whose dot does not end a sentence.
const ABBREVIATIONS = /\b(e\.g|i\.e|etc|vs|cf|approx|incl)\./gi;
const DOT_GUARD = '\u0000';

/** Contractions spelled out ("doesn't" -> "does not") so a denial reads the same however it is typed. */
function expandContractions(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/\bcan't\b/gi, 'can not')
    .replace(/\bwon't\b/gi, 'will not')
    .replace(/\bcannot\b/gi, 'can not')
    .replace(/n't\b/gi, ' not')
    .replace(/'(s|re|ve|ll|d|m)\b/gi, ' $1');
}

// Word characters: any letter or digit (so other languages are tokenised too), plus + and # for n+1, c++, c#,
// and _ so an identifier stays one word (is_valid is not "is valid", which would read as grammar);
// "@" is a word of its own, so "@login_required" reads as "@ login_required".
const WORD = /@|[\p{L}\p{N}+#_]+/gu;

/** Words of a piece of text: lowercase, split at anything but letters, digits, _, + and # (so many-to-many is
 * "many to many" and request.POST is "request post", in answers and rubric terms alike). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const expanded = expandContractions(text);
  // Contractions change offsets, so offsets are only exact for text without them; evidence uses clause text.
  for (const m of expanded.matchAll(WORD)) {
    // Dunder names read as their stem: __eq__ is "eq" in an answer and in a rubric term alike.
    const word = m[0].toLowerCase().replace(/^_+|_+$/g, '');
    if (word && !/^[+#]+$/.test(word)) tokens.push({ word, start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

export function words(text: string): string[] {
  return tokenize(text).map((t) => t.word);
}

export function countWords(text: string): number {
  const found = text.trim().match(/\S+/g);
  return found ? found.length : 0;
}

// A clause ends at a comma, colon, dash or bracket (not the empty brackets of a call like is_valid()), or before a conjunction that turns or explains the thought.
const CLAUSE_BREAK = /\s*(?:[,:\u2013\u2014]|\((?!\))|(?<!\()\)|\s-\s)\s*|\s+(?=(?:but|whereas|although|though|however|while|unlike|instead|yet|except|because|which|since|so)\b)/i;

function clausesOf(sentence: string): Clause[] {
  const clauses: Clause[] = [];
  let cursor = 0;
  for (const raw of sentence.split(CLAUSE_BREAK)) {
    const part = raw?.trim() ?? '';
    if (!part) continue;
    const start = sentence.indexOf(part, cursor);
    cursor = start + part.length;
    clauses.push({ text: part, tokens: tokenize(part), start, end: cursor });
  }
  return clauses;
}

/** Sentences at . ! ? ; and line breaks (a bullet list is one sentence per bullet), each split into clauses. */
export function sentencesOf(text: string): Sentence[] {
  const guarded = text.replace(ABBREVIATIONS, (m) => m.replace(/\./g, DOT_GUARD));
  const parts = guarded.split(/(?<=[.!?;])\s+|;|\n+/);
  const sentences: Sentence[] = [];
  let firstWord = 0;
  for (const raw of parts) {
    const part = (raw ?? '').replaceAll(DOT_GUARD, '.').replace(/^\s*(?:[-*\u2022]|\d+[.)])\s+/, '').trim();
    if (!part) continue;
    const clauses = clausesOf(part);
    const tokens = clauses.flatMap((c) => c.tokens);
    if (tokens.length === 0) continue;
    sentences.push({ text: part, clauses, tokens, firstWord });
    firstWord += tokens.length;
  }
  return sentences;
}

/** Fenced code blocks (```…```, closed or not) are code, not an explanation. */
export function splitCode(text: string): { prose: string; hadCode: boolean } {
  const prose = text.replace(/```[\s\S]*?(?:```|$)/g, '\n');
  return { prose, hadCode: prose !== text };
}
