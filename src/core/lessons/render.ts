// How a lesson reads in chat: a header with progress, then recap, topics, how to answer, interview
// questions (answers behind buttons) and self-check, ending with the actions row.
import type { Lesson, Track } from '../content/model.ts';
import { message, text, type Block, type OutboundMessage } from '../messages.ts';
import { buttonParts, buttonValue } from '../button-value.ts';
import { stepLabel } from '../progress/index.ts';

export const LESSON_ACTION = 'lesson';

export type LessonAction = 'answer' | 'quiz' | 'explain' | 'confidence' | 'next';

/** "action:id:token"; the token makes a press one-shot per learner (values without one are from older messages). */
export const lessonActionValue = (action: LessonAction, id: string, token: string): string => buttonValue(action, id, token);

const ACTIONS: readonly string[] = ['answer', 'quiz', 'explain', 'confidence', 'next'] satisfies LessonAction[];

export function parseLessonAction(value: string): { action: LessonAction; id: string; token?: string } | undefined {
  const [action, id, token] = buttonParts(value, 2, 3) ?? [];
  if (!action || !id || !ACTIONS.includes(action)) return undefined;
  return token ? { action: action as LessonAction, id, token } : { action: action as LessonAction, id };
}

export function lessonThreadTitle(lesson: Lesson): string {
  return `Step ${lesson.step} · ${lesson.title}`;
}

/** `done`: lessons of the track the learner has shown they know, for the progress line. */
export function renderLesson(track: Track, lesson: Lesson, token: string, done: number): OutboundMessage[] {
  const bullets = (items: string[]) => items.map((item) => `• ${item}`).join('\n');
  const numbered = (items: string[]) => items.map((item, i) => `${i + 1}. ${item}`).join('\n');
  const header: Block[] = [
    { kind: 'heading', text: lesson.title },
    { kind: 'progress', done, total: track.steps.length, label: stepLabel(lesson.step, track.steps.length, done) },
    text(`_${track.title} · ${lesson.level} · ~${lesson.readingMinutes} min · last reviewed ${lesson.lastReviewed}, content v${lesson.contentVersion}_`),
    text(lesson.summary),
    ...lesson.recap.map((p) => text(p)),
  ];
  const qa = lesson.interviewQa;
  const exercises = lesson.exercises.map((exercise, i) =>
    message([
      text(`**Hands-on ${i + 1}/${lesson.exercises.length}: ${exercise.title}**\n${exercise.task}\n_Done when:_ ${exercise.doneWhen}${exercise.note ? `\n_Note:_ ${exercise.note}` : ''}${exercise.requiresDjango ? `\n_Needs Django ${exercise.requiresDjango} or newer._` : ''}\nPost your version in this thread as a code block marked \`python\` to run it.`),
      { kind: 'code', language: 'python', source: exercise.starter },
    ], `Hands-on: ${exercise.title}`),
  );
  const references = lesson.references.map((r) => `• [${r.title}](${r.url})`).join('\n');
  return [
    message(header, `${lesson.title} (${stepLabel(lesson.step, track.steps.length, done)})`),
    message([text(`**High-frequency topics**\n${bullets(lesson.topics)}`), text(`**How to answer well**\n${lesson.howToAnswer}`)]),
    message([text(`**Interview questions**\n${numbered(qa.map((q) => q.question))}\n_Try answering aloud first; the model answers are behind the buttons below._`)]),
    ...exercises,
    message([
      text(`**Self-check**\n${numbered(lesson.selfCheck)}`),
      text(`**Whiteboard:** ${lesson.whiteboard}`),
      text(`**Discussion starters**\n${bullets(lesson.discussion)}`),
      text(`**Read further**\n${references}`),
      {
        kind: 'choices',
        actionId: LESSON_ACTION,
        options: qa.map((q, i) => ({ id: lessonActionValue('answer', q.id, token), label: `Answer Q${i + 1}` })),
      },
      {
        kind: 'choices',
        actionId: LESSON_ACTION,
        options: [
          { id: lessonActionValue('quiz', lesson.id, token), label: 'Quiz me', style: 'primary' },
          { id: lessonActionValue('explain', lesson.id, token), label: 'Explain in 30s' },
          { id: lessonActionValue('confidence', lesson.id, token), label: 'Confidence' },
          { id: lessonActionValue('next', lesson.id, token), label: 'Next lesson', style: 'success' },
        ],
      },
    ], 'Self-check, whiteboard prompt and what to do next'),
  ];
}

export function renderModelAnswer(lesson: Lesson, qaId: string): OutboundMessage | undefined {
  const index = lesson.interviewQa.findIndex((q) => q.id === qaId);
  const qa = lesson.interviewQa[index];
  if (!qa) return undefined;
  return message([text(`**Q${index + 1}. ${qa.question}**\n${qa.answer}`)]);
}
