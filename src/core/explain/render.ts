import type { ExplainPrompt, Lesson } from '../content/model.ts';
import { message, text, type OutboundMessage } from '../messages.ts';
import type { ExplainGrade } from './grade.ts';

export function renderPrompt(lesson: Lesson, prompt: ExplainPrompt): OutboundMessage {
  return message(
    [text(`⏱️ **Explain in ${prompt.seconds} seconds** (${lesson.title})\n> ${prompt.prompt}\nReply in this thread with your next message. Aim for at most ${prompt.wordBudget} words; the clock is running.`)],
    `Explain in ${prompt.seconds} seconds: ${prompt.prompt}`,
  );
}

export function renderGrade(grade: ExplainGrade): OutboundMessage {
  const hits = grade.points.filter((p) => p.hit).length;
  const points = grade.points.map((p) => (p.hit ? `✅ ${p.point} _(said: "${p.matched}")_` : `⬜ ${p.point}`)).join('\n');
  const words = grade.words <= grade.wordBudget ? `${grade.words}/${grade.wordBudget} words` : `${grade.words}/${grade.wordBudget} words (over budget)`;
  const time = grade.late
    ? `${grade.seconds.toFixed(0)}s of ${grade.secondsAllowed}s (late, graded anyway)`
    : `${grade.seconds.toFixed(0)}s of ${grade.secondsAllowed}s`;
  const advice =
    hits === 0
      ? 'None of the key points came through: re-read the lesson recap and try `/explain` again.'
      : hits < grade.points.length
        ? 'Work the missed points into your next try.'
        : 'Every key point covered.';
  return message(
    [text(`**Score ${grade.score}/100** · key points ${hits}/${grade.points.length} · ${words} · ${time}\n${points}\n${advice}`)],
    `Explain score ${grade.score}/100`,
  );
}
