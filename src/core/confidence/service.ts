// Confidence 1-5 per lesson: "could you explain this in 30 seconds without notes?". Every rating is kept,
// so a change shows as history rather than overwriting.
import { UserError } from '../errors.ts';
import { message, notice, text } from '../messages.ts';
import type { Turn } from '../turn.ts';
import { currentLesson, lessonByArgument } from '../lessons/current.ts';

export const CONFIDENCE_ACTION = 'confidence';
export const CONFIDENCE_QUESTION = 'Can you explain this lesson in 30 seconds without reading notes?';
const LABELS = ['Not yet', 'Shaky', 'Mostly', 'Confident', 'Could teach it'];

export function parseConfidence(value: string): number | undefined {
  return /^[1-5]$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

export async function askConfidence(turn: Turn, lessonId?: string): Promise<void> {
  const { lesson } = lessonId ? await lessonByArgument(turn, lessonId) : await currentLesson(turn);
  await turn.reply(
    message(
      [
        text(`**${CONFIDENCE_QUESTION}**\n_${lesson.title}_ — 1 = ${LABELS[0]}, 5 = ${LABELS[4]}.`),
        { kind: 'rating', actionId: CONFIDENCE_ACTION, valuePrefix: `${lesson.id}:`, min: 1, max: 5, labels: LABELS },
      ],
      `${CONFIDENCE_QUESTION} (1-5)`,
    ),
  );
}

export async function rateConfidence(turn: Turn, value: number, lessonId?: string): Promise<void> {
  const { store, clock } = turn.deps;
  const { lesson } = lessonId ? await lessonByArgument(turn, lessonId) : await currentLesson(turn);
  const history = (await store.progress.confidenceHistory(turn.learner.id)).filter((r) => r.lessonId === lesson.id);
  const previous = history.at(-1);
  const now = clock.now();
  await store.transaction(async (tx) => {
    await tx.progress.rateConfidence(turn.learner.id, lesson.id, value, now);
    await tx.progress.markCompleted(turn.learner.id, lesson.id, now);
  });
  const change = previous ? ` (was ${previous.value}/5)` : '';
  await turn.reply(notice(`Confidence saved: **${value}/5** for ${lesson.title}${change}.`, 'thread'));
}

/** A rating button's value is "<lessonId>:<n>". */
export async function rateFromButton(turn: Turn, value: string): Promise<void> {
  const i = value.lastIndexOf(':');
  const rating = parseConfidence(value.slice(i + 1));
  if (i <= 0 || rating === undefined) throw new UserError('outdatedButton');
  await rateConfidence(turn, rating, value.slice(0, i));
}
