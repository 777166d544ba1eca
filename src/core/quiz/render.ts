// Quiz messages: a question with one button per option, and feedback that explains every option.
import type { QuizQuestion } from '../content/model.ts';
import { message, text, type OutboundMessage } from '../messages.ts';
import { buttonParts, buttonValue } from '../button-value.ts';
import { neutraliseMentions } from '../text/index.ts';

export const QUIZ_ACTION = 'quiz';

/** `owner`: whose question it is, so another learner's press can be told so (older buttons have none). */
export const answerValue = (token: string, optionId: string, owner: string): string => buttonValue(token, optionId, owner);

export function parseAnswerValue(value: string): { token: string; optionId: string; owner?: string } | undefined {
  const [token, optionId, owner] = buttonParts(value, 2, 3) ?? [];
  if (!token || !optionId) return undefined;
  return owner ? { token, optionId, owner } : { token, optionId };
}

const letter = (id: string) => id.toUpperCase();

/** Where a question stands in its session: the n-th of the first pass, or a second try of one missed earlier. */
export type QuestionPosition = { number: number; total: number } | { retry: true };

/** `owner`: the learner's id, carried by the buttons; `forName`: in a thread shared with others, whose question this is. */
export function renderQuestion(question: QuizQuestion, token: string, position: QuestionPosition, owner: string, forName?: string): OutboundMessage {
  const options = question.options.map((o) => `**${letter(o.id)}.** ${o.text}`).join('\n');
  const where = 'retry' in position ? 'Second try (you missed this one earlier)' : `Question ${position.number} of ${position.total}`;
  const whose = forName ? ` · for ${neutraliseMentions(forName)}` : '';
  return message(
    [
      text(`**${where}**${whose} · _${question.topic} · ${question.difficulty}_\n${question.prompt}`),
      text(options),
      { kind: 'choices', actionId: QUIZ_ACTION, options: question.options.map((o) => ({ id: answerValue(token, o.id, owner), label: letter(o.id) })) },
    ],
    `${where}: ${question.prompt}`,
  );
}

/** The question once answered: the choice marked, the buttons locked, so it cannot be answered again. */
export function renderAnswered(question: QuizQuestion, chosenId: string): OutboundMessage {
  const options = question.options.map((o) => `**${letter(o.id)}.** ${o.text}`).join('\n');
  return message(
    [
      text(`**Answered: ${letter(chosenId)}** · _${question.topic} · ${question.difficulty}_\n${question.prompt}`),
      text(options),
      { kind: 'choices', actionId: QUIZ_ACTION, options: question.options.map((o) => ({ id: buttonValue('answered', o.id), label: letter(o.id) })), locked: true, chosen: buttonValue('answered', chosenId) },
    ],
    `Answered ${letter(chosenId)}: ${question.prompt}`,
  );
}

export function renderFeedback(question: QuizQuestion, chosenId: string): OutboundMessage {
  const chosen = question.options.find((o) => o.id === chosenId)!;
  const correct = question.options.find((o) => o.correct)!;
  const others = question.options.filter((o) => o !== chosen && o !== correct);
  const lines = chosen.correct
    ? [`✅ **Right: ${letter(chosen.id)}.** ${chosen.explanation}`]
    : [`❌ **Not quite: you chose ${letter(chosen.id)}.** ${chosen.explanation}`, `✅ **The answer is ${letter(correct.id)}** (${correct.text}). ${correct.explanation}`];
  if (others.length > 0) lines.push(`_Other options:_\n${others.map((o) => `• **${letter(o.id)}.** ${o.explanation}`).join('\n')}`);
  // Private: in a shared thread the others still have this question ahead of them.
  return message([text(lines.join('\n'))], chosen.correct ? 'Right!' : `Not quite: the answer is ${letter(correct.id)}.`, 'private');
}

export interface QuizSummary {
  scope: string;
  /** First-time answers right, over the total announced at the start. */
  right: number;
  total: number;
  retryAsked: number;
  retryRight: number;
}

export function renderSummary(s: QuizSummary): OutboundMessage {
  const verdict = s.total > 0 && s.right / s.total >= 0.8 ? 'Solid.' : 'Worth another pass: wrong answers come back first next time.';
  const retries = s.retryAsked > 0 ? ` · retries: ${s.retryRight} of ${s.retryAsked} right` : '';
  return message([text(`**Quiz done** (${s.scope}): ${s.right} of ${s.total} right${retries}. ${verdict}\nRun \`/quiz\` again or \`/progress\` to see your weakest topics.`)]);
}
