// What the grade says about an answer beyond its points, in one place so every renderer shows the same words.
import type { ExplainPrompt } from '../content/model.ts';

/** A keyword list is not an explanation, whatever else it contains. */
export const KEYWORD_LIST_CAP = 20;

export type NoteKind = 'empty' | 'noWords' | 'codeOnly' | 'codeIgnored' | 'otherLanguage' | 'promptCopy' | 'keywordList' | 'stoppedReading';

export interface GradeNote {
  kind: NoteKind;
  text: string;
}

export function noteText(kind: NoteKind, prompt: ExplainPrompt): string {
  switch (kind) {
    case 'empty':
      return 'The answer was empty: say it in a few sentences.';
    case 'noWords':
      return 'There are no words to grade here (only symbols or emoji): explain it in sentences.';
    case 'codeOnly':
      return 'Only code came through: the explanation is graded on your words, so say in sentences what the code shows.';
    case 'codeIgnored':
      return 'The code block was not graded: only your sentences count.';
    case 'otherLanguage':
      return 'This reads as another language than English; the grader reads English only, so nothing was scored. Try it in English.';
    case 'promptCopy':
      return 'That repeats the question: a copy of the prompt earns nothing. Answer it in your own words.';
    case 'keywordList':
      return `That reads as a list of keywords: points count only when stated in sentences, so the score is capped at ${KEYWORD_LIST_CAP}. Say how the ideas connect.`;
    case 'stoppedReading':
      return `An interviewer stops listening after about ${prompt.wordBudget * 2} words: points made after that were not counted.`;
  }
}
