// The 30-second explanation as a form: a pure spec an adapter can open on a click with no core round trip.
import type { Lesson } from '../content/model.ts';
import type { FormSpec } from '../messages.ts';

export const EXPLAIN_FORM = 'explain';
/** Room for an explanation several times over its word budget; beyond it the platform stops typing. */
export const ANSWER_MAX_LENGTH = 2000;
const TITLE_MAX = 45;

export function explainForm(lesson: Lesson): FormSpec {
  const title = `Explain · ${lesson.title}`;
  return {
    id: `${EXPLAIN_FORM}:${lesson.id}`,
    title: title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title,
    intro: `${lesson.explain.prompt} (aim for at most ${lesson.explain.wordBudget} words; the clock started when this opened)`,
    fields: [{ id: 'answer', label: 'Your explanation', style: 'paragraph', maxLength: ANSWER_MAX_LENGTH, placeholder: lesson.explain.prompt.slice(0, 100) }],
  };
}

/** "explain:<lessonId>" back to the lesson id. */
export function parseExplainFormId(formId: string): string | undefined {
  const [kind, lessonId] = formId.split(':', 2);
  return kind === EXPLAIN_FORM && lessonId ? lessonId : undefined;
}
