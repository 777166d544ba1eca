// The first response of every command and button, declared statically so an adapter can acknowledge an
// interaction before the core starts its work (platforms give 3 seconds). Private where others should not
// see the answer (quiz feedback, ratings, progress, errors).
import { COMMANDS } from './commands.ts';
import type { InboundEvent } from './messages.ts';
import type { FirstResponse, Visibility } from './responder.ts';
import { CODERUN_ACTION } from './coderun/index.ts';
import { CONFIDENCE_ACTION } from './confidence/index.ts';
import { LINK_ACTION } from './link/index.ts';
import { LESSON_ACTION, parseLessonAction, type LessonAction } from './lessons/index.ts';
import { QUIZ_ACTION } from './quiz/index.ts';
import { EXPLAIN_ACTION, explainForm } from './explain/index.ts';
import type { Catalog } from './content/catalog.ts';
import { buttonParts } from './button-value.ts';

/** The lesson whose explain form a click opens: the lesson's "Explain in 30s", or a prompt's "Answer". */
export function explainTarget(actionId: string, value: string): string | undefined {
  if (actionId === EXPLAIN_ACTION) return buttonParts(value, 1)?.[0];
  if (actionId !== LESSON_ACTION) return undefined;
  const parsed = parseLessonAction(value);
  return parsed?.action === 'explain' ? parsed.id : undefined;
}

const ACTIONS: Record<string, Visibility> = {
  [EXPLAIN_ACTION]: 'public',
  [QUIZ_ACTION]: 'private',
  [CONFIDENCE_ACTION]: 'private',
  [CODERUN_ACTION]: 'public',
  [LINK_ACTION]: 'private',
};

const LESSON_ACTIONS: Record<LessonAction, Visibility> = {
  answer: 'private',
  quiz: 'public',
  explain: 'public',
  confidence: 'private',
  next: 'public',
};

/**
 * Pure and synchronous (the catalog is in memory), so an adapter knows it the moment an event arrives.
 * `forms`: whether the platform can open a form as the first response to a click.
 */
export function firstResponse(event: InboundEvent, catalog: Catalog, forms: boolean): FirstResponse {
  switch (event.type) {
    case 'message':
      return { kind: 'none' };
    case 'form':
      return { kind: 'defer', visibility: 'private' };
    case 'command':
      // An unknown command is answered with a private error.
      return { kind: 'defer', visibility: COMMANDS.find((c) => c.name === event.name.toLowerCase())?.reply ?? 'private' };
    case 'action': {
      const lessonId = explainTarget(event.actionId, event.value);
      const lesson = lessonId ? catalog.lesson(lessonId)?.lesson : undefined;
      if (forms && lesson) return { kind: 'form', form: explainForm(lesson) };
      if (event.actionId !== LESSON_ACTION) return { kind: 'defer', visibility: ACTIONS[event.actionId] ?? 'private' };
      const parsed = parseLessonAction(event.value);
      return { kind: 'defer', visibility: parsed ? LESSON_ACTIONS[parsed.action] : 'private' };
    }
  }
}
