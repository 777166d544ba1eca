// A copy of the prompt earns nothing: a sentence whose content words nearly all come from the prompt says
// nothing the learner was not handed.
import { isFunctionWord } from './structure.ts';
import { tokenize, type Sentence } from './text.ts';

// The prompt's instruction words ("Explain to a junior dev…") are not content either way.
const INSTRUCTION = new Set(['explain', 'describe', 'junior', 'dev', 'developer', 'colleague', 'teammate', 'seconds', 'briefly', 'tell']);
const COPIED_SHARE = 0.8;

// Plural and third-person -s do not make a different word for this purpose.
function base(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

function contentWords(words: string[]): string[] {
  return words.filter((w) => !isFunctionWord(w) && !INSTRUCTION.has(w)).map(base);
}

export function promptWords(prompt: string): Set<string> {
  return new Set(contentWords(tokenize(prompt).map((t) => t.word)));
}

export function isCopiedSentence(sentence: Sentence, prompt: Set<string>): boolean {
  const content = contentWords(sentence.tokens.map((t) => t.word));
  if (content.length === 0) return false;
  return content.filter((w) => prompt.has(w)).length / content.length >= COPIED_SHARE;
}
