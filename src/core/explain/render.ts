import type { ExplainPrompt, Lesson } from '../content/model.ts';
import { message, text, type Block, type OutboundMessage } from '../messages.ts';
import type { ExplainGrade, PointResult } from './grade.ts';
import { neutraliseMentions } from '../text/index.ts';

/** `answer`: the button that opens the form, where the platform has forms; otherwise the next message answers. */
export function renderPrompt(lesson: Lesson, prompt: ExplainPrompt, answer?: { actionId: string; value: string }): OutboundMessage {
  const how = answer
    ? `Press **Answer** when you are ready: the clock starts as the form opens. Aim for at most ${prompt.wordBudget} words.`
    : `Reply in this thread with your next message. Aim for at most ${prompt.wordBudget} words; the clock is running.`;
  const blocks: Block[] = [text(`⏱️ **Explain in ${prompt.seconds} seconds** (${lesson.title})\n**“${prompt.prompt}”**\n${how}`)];
  if (answer) blocks.push({ kind: 'choices', actionId: answer.actionId, options: [{ id: answer.value, label: 'Answer', style: 'primary' }] });
  return message(blocks, `Explain in ${prompt.seconds} seconds: ${prompt.prompt}`);
}

// Shown only where a model grader is configured, so a learner knows which grader to argue with.
const GRADED_BY = {
  model: '_Graded by the model grader: each point hit quotes your answer._',
  rules: '_Graded by the rule grader: the model grader gave no usable answer this time._',
} as const;

// Evidence is shown as code: the learner's words stay literal whatever Markdown they hold (select_related
// keeps its underscore, *args its star), and a backtick of theirs cannot close the span.
const EVIDENCE_MAX = 140;
// Discord pings @everyone even inside code, so the quote is neutralised as well.
function quote(evidence: string): string {
  const flat = neutraliseMentions(evidence.replace(/\s+/g, ' ').replaceAll('`', "'").trim());
  return `\`${flat.length > EVIDENCE_MAX ? `${flat.slice(0, EVIDENCE_MAX - 1)}…` : flat}\``;
}

function pointLine(p: PointResult): string {
  if (p.hit) return `✅ ${p.point}${p.evidence ? ` (you said: ${quote(p.evidence)})` : ''}`;
  if (p.denied && p.evidence) return `❌ ${p.point} (you denied it: ${quote(p.evidence)})`;
  return `⬜ ${p.point}`;
}

export function renderGrade(grade: ExplainGrade): OutboundMessage {
  const hits = grade.points.filter((p) => p.hit).length;
  const points = grade.points.map(pointLine).join('\n');
  const words = grade.words <= grade.wordBudget ? `${grade.words}/${grade.wordBudget} words` : `${grade.words}/${grade.wordBudget} words (over budget)`;
  const time = grade.late
    ? `${grade.seconds.toFixed(0)}s of ${grade.secondsAllowed}s (late, graded anyway)`
    : `${grade.seconds.toFixed(0)}s of ${grade.secondsAllowed}s`;
  const notes = grade.notes.map((n) => `ℹ️ ${n.text}\n`).join('');
  const advice =
    hits === 0
      ? 'None of the key points came through: re-read the lesson recap and try `/explain` again.'
      : hits < grade.points.length
        ? 'Work the missed points into your next try.'
        : 'Every key point covered.';
  const by = grade.gradedBy ? `\n${GRADED_BY[grade.gradedBy]}` : '';
  return message(
    [text(`**Score ${grade.score}/100** · key points ${hits}/${grade.points.length} · ${words} · ${time}\n${points}\n${notes}${advice}${by}`)],
    `Explain score ${grade.score}/100`,
  );
}
