// Is a sentence a statement or a list of keywords? A statement has a verb or a pronoun holding it together;
// a keyword list is nouns in a row. No tagger: small closed word lists plus one morphological hint.
import type { Sentence, Token } from './text.ts';

const AUXILIARIES = words(
  'is are was were be been being am has have had does do did can could will would should must may might shall not',
);
const COMMON_VERBS = words(`
  means mean uses use used using make makes made let lets get gets got give gives run runs ran keep keeps kept need needs
  want wants take takes took call calls called put puts see sees saw go goes went work works worked happen happens become
  becomes return returns returned wrap wraps wrapped store stores stored send sends sent hold holds turn turns avoid avoids
  add adds create creates build builds built fetch fetches load loads save saves write writes read reads check checks handle
  handles pass passes find finds know knows say says think tell tells show shows change changes stop stops start starts
  include includes contain contains carry carries allow allows lock locks share shares raise raises catch catches
  protect protects match matches map maps point points set sets rely relies depend depends live lives stay stays ship ships
  decide decides choose chooses prefer prefers help helps mean apply applies follow follows produce produces open opens
  close closes skip skips avoid avoids reuse reuses copy copies behave behaves remember remembers forget forgets
  ignore ignores enforce enforces describe describes explain explains convert converts compare compares validate
  validates render renders route routes resolve resolves commit commits roll rolls wait waits release releases
  pause pauses resume resumes yield yields wraps fill fills fires trigger triggers evaluate evaluates reject rejects
`);
const PRONOUNS = words(`
  it they you we i he she this these those that which who whom whose what when where why how because so if since unless
  until whether then there here its their your our them us me him her one everything something nothing anything
`);
const PREPOSITIONS = words(
  'with for of in on to by via from into than over under between per through about after before during against within without across as at',
);
const DETERMINERS = words('the a an each every any all some no both either neither another such');
const CONJUNCTIONS = words('and or nor but also plus yet');

function words(list: string): Set<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}

/** Grammar words: what an English sentence has between its content words. */
export function isFunctionWord(word: string): boolean {
  return AUXILIARIES.has(word) || PRONOUNS.has(word) || PREPOSITIONS.has(word) || DETERMINERS.has(word) || CONJUNCTIONS.has(word) || COMMON_VERBS.has(word);
}

// A word ending in -s, -ed or -ing followed by an article, pronoun or preposition is very likely a verb
// ("Django wraps the request", "cached in memory"); a keyword list has no such pair.
function looksLikeVerb(tokens: Token[], i: number): boolean {
  const word = tokens[i]!.word;
  const next = tokens[i + 1]?.word;
  if (!next || word.length < 4) return false;
  const inflected = /(?:[^su]s|ed|ing)$/.test(word);
  return inflected && (DETERMINERS.has(next) || PRONOUNS.has(next) || PREPOSITIONS.has(next));
}

// A verb or pronoun holds a sentence together; failing those, two grammar words ("The author of the apiary
// wrote…") still show a sentence rather than nouns in a row.
function hasStructure(tokens: Token[]): boolean {
  let grammar = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const word = tokens[i]!.word;
    if (AUXILIARIES.has(word) || COMMON_VERBS.has(word) || PRONOUNS.has(word) || looksLikeVerb(tokens, i)) return true;
    if (PREPOSITIONS.has(word) || DETERMINERS.has(word) || CONJUNCTIONS.has(word)) grammar += 1;
  }
  return grammar >= 2;
}

const LONGEST_NOUN_RUN = 4;

// Grammar proper, without the verb list: a sentence needs some of it ("urlpatterns converter include
// namespace reverse" has a verb from the list and is still a list).
const isGrammar = (word: string) => AUXILIARIES.has(word) || PRONOUNS.has(word) || PREPOSITIONS.has(word) || DETERMINERS.has(word) || CONJUNCTIONS.has(word);

/** Share of a sentence's words that sit in bare lists: clauses with no grammar word at all, or runs of four
 * or more content words in a row ("method status code cookie"). */
function bareShare(sentence: Sentence): number {
  let bare = 0;
  for (const clause of sentence.clauses) {
    if (!clause.tokens.some((t) => isFunctionWord(t.word))) {
      bare += clause.tokens.length;
      continue;
    }
    let run = 0;
    for (const token of [...clause.tokens, undefined]) {
      if (token && !isFunctionWord(token.word)) run += 1;
      else {
        if (run >= LONGEST_NOUN_RUN) bare += run;
        run = 0;
      }
    }
  }
  return bare / Math.max(sentence.tokens.length, 1);
}

/** A statement can carry a rubric point; a keyword fragment cannot. */
export function isStatement(sentence: Sentence): boolean {
  if (sentence.tokens.length < 3) return false;
  if (sentence.tokens.length >= 4 && !sentence.tokens.some((t) => isGrammar(t.word))) return false;
  return hasStructure(sentence.tokens) && bareShare(sentence) < 0.6;
}

// Frequent words of languages learners may answer in, none of them English words.
const FOREIGN = words(`
  el los las una unos es est del que por para como pero muy también esta este
  le les des une est sont avec pour dans qui mais aussi très cette
  der die das und ist sind nicht ein eine mit für auf auch wird werden
  il lo gli della che sono anche questo questa
  uma não são com também
  het een zijn niet ook
`);

/** True when the words are mostly another language than English (the grader reads English only). */
export function isOtherLanguage(tokens: Token[]): boolean {
  if (tokens.length < 4) return false;
  const english = tokens.filter((t) => isFunctionWord(t.word)).length;
  const foreign = tokens.filter((t) => FOREIGN.has(t.word)).length;
  const nonLatin = tokens.filter((t) => /[^\p{Script=Latin}\p{N}+#]/u.test(t.word)).length;
  return english / tokens.length < 0.1 && (foreign >= 2 || nonLatin / tokens.length > 0.5);
}
