// The first response of every command and button, declared statically so an adapter can acknowledge an
// interaction before the core starts its work (platforms give 3 seconds). Private where others should not
// see the answer (quiz feedback, ratings, progress, errors).
import { COMMANDS } from './commands.ts';
import type { InboundEvent } from './messages.ts';
import type { FirstResponse, Visibility } from './responder.ts';
import { CODERUN_ACTION } from './coderun/relay.ts';
import { CONFIDENCE_ACTION } from './confidence/index.ts';
import { LESSON_ACTION, parseLessonAction, type LessonAction } from './lessons/index.ts';
import { QUIZ_ACTION } from './quiz/index.ts';

const ACTIONS: Record<string, Visibility> = {
  [QUIZ_ACTION]: 'private',
  [CONFIDENCE_ACTION]: 'private',
  [CODERUN_ACTION]: 'public',
};

const LESSON_ACTIONS: Record<LessonAction, Visibility> = {
  answer: 'private',
  quiz: 'public',
  explain: 'public',
  confidence: 'private',
  next: 'public',
};

export function firstResponse(event: InboundEvent): FirstResponse {
  switch (event.type) {
    case 'message':
      return { kind: 'none' };
    case 'command':
      // An unknown command is answered with a private error.
      return { kind: 'defer', visibility: COMMANDS.find((c) => c.name === event.name.toLowerCase())?.reply ?? 'private' };
    case 'action': {
      if (event.actionId !== LESSON_ACTION) return { kind: 'defer', visibility: ACTIONS[event.actionId] ?? 'private' };
      const parsed = parseLessonAction(event.value);
      return { kind: 'defer', visibility: parsed ? LESSON_ACTIONS[parsed.action] : 'private' };
    }
  }
}
