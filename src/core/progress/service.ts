import { message, text, type Block } from '../messages.ts';
import { neutraliseMentions } from '../text/index.ts';
import type { Turn } from '../turn.ts';
import { computeProgress, type Calibration, type ProgressReport } from './stats.ts';
import { stepLabel } from './maths.ts';

const CALIBRATION_NOTE: Record<Calibration, string> = {
  calibrated: '',
  unknown: ' · no quiz yet',
  overconfident: ' · ⚠️ confidence above quiz results',
  underconfident: ' · you know more than you think',
};

export async function showProgress(turn: Turn): Promise<void> {
  const { store, catalog } = turn.deps;
  const id = turn.learner.id;
  const [enrollments, lessons, quiz, explains, exercises] = await Promise.all([
    store.progress.enrollments(id),
    store.progress.lessonProgress(id),
    store.attempts.quizAttempts(id),
    store.attempts.explainAttempts(id),
    store.progress.exerciseCompletions(id),
  ]);
  const report = computeProgress(catalog, enrollments, lessons, quiz, explains, exercises);
  await turn.respond(message(renderProgress(report, turn.learner.displayName), undefined, 'private'));
}

const exercisesLine = (e: { done: number; total: number }) => (e.total > 0 ? ` · hands-on exercises: ${e.done}/${e.total}` : '');

export function renderProgress(report: ProgressReport, displayName: string): Block[] {
  const name = neutraliseMentions(displayName);
  if (report.tracks.length === 0) return [text(`No progress yet, ${name}. Start with \`/lesson\`.`)];
  const blocks: Block[] = [{ kind: 'heading', text: `Progress · ${name}` }];
  for (const t of report.tracks) {
    const quiz = t.quiz.percent === null ? 'no answers yet' : `${t.quiz.percent}% (${t.quiz.right}/${t.quiz.total})`;
    const explain = t.explainAverage === null ? 'none yet' : `${t.explainAverage}/100 over ${t.explainCount}`;
    const confidence = t.confidence.length
      ? t.confidence.map((c) => `• ${c.step}. ${c.title}: ${c.confidence}/5${c.quiz.percent === null ? '' : `, quiz ${c.quiz.percent}%`}${CALIBRATION_NOTE[c.calibration]}`).join('\n')
      : '• not rated yet';
    blocks.push(
      { kind: 'progress', done: t.lessonsDone, total: t.total, label: `${t.title}: ${stepLabel(t.step, t.total, t.lessonsDone)}` },
      text(`Lessons done: ${t.lessonsDone}/${t.total} (opened: ${t.lessonsRead}) · quiz accuracy: ${quiz} · explain average: ${explain}${exercisesLine(t.exercises)}\n**Confidence**\n${confidence}`),
    );
  }
  const answered = report.tracks.some((t) => t.quiz.total > 0);
  const weakest = report.weakestTopics.length
    ? report.weakestTopics.map((w) => `• ${w.topic}: ${w.percent}% (${w.right}/${w.total})`).join('\n')
    : answered
      ? '• none: every topic you were quizzed on is answered right so far'
      : '• no quiz answers yet: try `/quiz`';
  blocks.push(text(`**Weakest topics**\n${weakest}`));
  return blocks;
}
