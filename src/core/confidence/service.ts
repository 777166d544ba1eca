// Confidence 1-5 per lesson: "could you explain this in 30 seconds without notes?". Every rating is kept,
// so a change shows as history rather than overwriting.
import { UserError } from '../errors.ts';
import { message, notice, text } from '../messages.ts';
import type { Turn } from '../turn.ts';
import { lessonFromArgument } from '../lessons/index.ts';
import type { Effect } from '../ports.ts';
import { newToken } from '../tokens.ts';
import { SEPARATOR, buttonParts, buttonValue } from '../button-value.ts';

export const CONFIDENCE_ACTION = 'confidence';
export const CONFIDENCE_QUESTION = 'Can you explain this lesson in 30 seconds without reading notes?';
const LABELS = ['Not yet', 'Shaky', 'Mostly', 'Confident', 'Could teach it'];

export function parseConfidence(value: string): number | undefined {
  return /^[1-5]$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

export async function askConfidence(turn: Turn, lessonId?: string): Promise<void> {
  const { lesson } = await lessonFromArgument(turn, lessonId);
  await turn.respond(
    message(
      [
        text(`**${CONFIDENCE_QUESTION}**\n_${lesson.title}_ — 1 = ${LABELS[0]}, 5 = ${LABELS[4]}.`),
        // One token per rating message: a second press on it is a duplicate, a change of mind is /confidence N.
        { kind: 'rating', actionId: CONFIDENCE_ACTION, valuePrefix: `${buttonValue(lesson.id, newToken())}${SEPARATOR}`, min: 1, max: 5, labels: LABELS },
      ],
      `${CONFIDENCE_QUESTION} (1-5)`,
    ),
  );
}

export async function rateConfidence(turn: Turn, value: number, lessonId?: string, pressToken?: string): Promise<void> {
  const { store, clock } = turn.deps;
  const { lesson } = await lessonFromArgument(turn, lessonId);
  const learnerId = turn.learner.id;
  const history = (await store.progress.confidenceHistory(learnerId)).filter((r) => r.lessonId === lesson.id);
  const previous = history.at(-1);
  const now = clock.now();
  // A rating says how sure the learner feels, not what they showed: it does not complete the lesson.
  const effects: Effect[] = [{ kind: 'confidenceRated', learnerId, lessonId: lesson.id, value, at: now }];
  if (pressToken) effects.unshift({ kind: 'once', id: `${learnerId}:${pressToken}`, at: now });
  if ((await store.write(effects)) === 'duplicate') throw new UserError('alreadyDone');
  const change = previous ? ` (was ${previous.value}/5)` : '';
  await turn.respond(notice(`Confidence saved: **${value}/5** for ${lesson.title}${change}.`, 'thread'));
}

/**
 * A rating button's value is "<lessonId>:<token>:<n>" ("<lessonId>:<n>" on messages from before tokens).
 * A message from before tokens is claimed by its id instead: one rating per learner per rating message, as
 * the token gives, so a double press on an old message records once too. (Slack's message ids are unique
 * per channel only, hence the channel in the key.)
 */
export async function rateFromButton(turn: Turn, value: string): Promise<void> {
  const parts = buttonParts(value, 2, 3);
  const rating = parseConfidence(parts?.at(-1) ?? '');
  if (!parts || rating === undefined) throw new UserError('outdatedButton');
  const messageId = turn.event.type === 'action' ? turn.event.messageId : undefined;
  const press = parts.length === 3 ? parts[1] : messageId && `rating-message:${turn.conv.platform}:${turn.conv.workspaceId}:${turn.conv.channelId}:${messageId}`;
  await rateConfidence(turn, rating, parts[0], press || undefined);
}
