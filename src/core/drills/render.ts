// Drill messages: the thread's intro, each question with answer buttons, the private "locked in" notice,
// the question once closed, and the reveal (answer, explanation, how the group answered, fastest right
// answer, the run's scores). Names come from the database, never from a platform look-up per member.
import type { QuizQuestion } from '../content/model.ts';
import { message, notice, text, type Block, type OutboundMessage } from '../messages.ts';
import { buttonParts, buttonValue } from '../button-value.ts';
import { neutraliseMentions } from '../text/index.ts';
import type { DrillRecord, LeaderboardRow } from './model.ts';
import { localTime, type LocalTime } from './zoned.ts';
import { accuracy } from './scoring.ts';

export const DRILL_ACTION = 'drill';

const letter = (id: string) => id.toUpperCase();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

export function localDate(t: LocalTime): string {
  return `${WEEKDAYS[new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay()]} ${t.day} ${MONTHS[t.month - 1]} ${t.year}`;
}
export const localClock = (t: LocalTime) => `${pad(t.hour)}:${pad(t.minute)}`;
export const describeWhen = (at: Date, zone: string) => `${localDate(localTime(at, zone))} ${localClock(localTime(at, zone))} (${zone})`;

export const answerButton = (runId: string, position: number, optionId: string) => buttonValue(runId, String(position), optionId);

export function parseAnswerButton(value: string): { runId: string; position: number; optionId: string } | undefined {
  const [runId, position, optionId] = buttonParts(value, 3) ?? [];
  if (!runId || !position || !optionId || !/^\d+$/.test(position)) return undefined;
  return { runId, position: Number(position), optionId };
}

const safeName = (row: { name: string; hidden: boolean }) => (row.hidden ? 'a member (name hidden)' : neutraliseMentions(row.name));

export function threadTitle(drill: DrillRecord, scheduledFor: Date): string {
  return `${neutraliseMentions(drill.name)} · ${localDate(localTime(scheduledFor, drill.timeZone))}`;
}

export interface IntroFacts {
  questions: number;
  deadlineAt: Date;
  late: boolean;
  /** Local labels of runs missed while the bot was down, since the last run. */
  missed: string[];
}

export function renderIntro(drill: DrillRecord, trackTitle: string, facts: IntroFacts): OutboundMessage {
  const closes = localClock(localTime(facts.deadlineAt, drill.timeZone));
  const lines = [
    `**${neutraliseMentions(drill.name)}** — ${facts.questions} question${facts.questions === 1 ? '' : 's'} from ${trackTitle}.`,
    `Answer with the buttons: only you see your choice, and you can change it until **${closes}** (${drill.timeZone}). Then I reveal the answers and the scores.`,
  ];
  if (facts.late) lines.push('_Posted late: I was not running at the scheduled time._');
  if (facts.missed.length > 0) lines.push(`_Missed while I was down (too late to run): ${facts.missed.map((s) => s.replace('T', ' ')).join(', ')}._`);
  return message([text(lines.join('\n'))]);
}

export interface AskedQuestion {
  position: number;
  question: QuizQuestion;
}

/**
 * Every question of a run in one message: one post per run (platforms rate-limit posts per channel), and
 * in the terminal every button stays pressable. Buttons read "1A", "2C": question and option.
 */
export function renderDrillQuestions(runId: string, asked: AskedQuestion[]): OutboundMessage {
  return questionsMessage(runId, asked, false);
}

/** After the deadline: every question's buttons locked with its right answer marked. */
export function renderClosedQuestions(runId: string, asked: AskedQuestion[]): OutboundMessage {
  return questionsMessage(runId, asked, true);
}

// A question's text depends only on the question, its place and whether it is closed, never on the run:
// ten thousand runs in a minute share a few hundred texts. Keyed by the catalog's question objects, which
// live as long as the content does.
const questionTexts = new WeakMap<QuizQuestion, Map<string, string>>();

function questionText(question: QuizQuestion, position: number, closed: boolean): string {
  let texts = questionTexts.get(question);
  if (!texts) questionTexts.set(question, (texts = new Map()));
  const key = `${position}${closed ? 'c' : 'o'}`;
  let known = texts.get(key);
  if (known === undefined) {
    const correct = question.options.find((o) => o.correct)!;
    const head = closed ? `**Question ${position} · closed, the answer was ${letter(correct.id)}**` : `**Question ${position}**`;
    const options = question.options.map((o) => `**${letter(o.id)}.** ${o.text}`).join('\n');
    texts.set(key, (known = `${head} · _${question.topic}_\n${question.prompt}\n${options}`));
  }
  return known;
}

function questionsMessage(runId: string, asked: AskedQuestion[], closed: boolean): OutboundMessage {
  const blocks = asked.flatMap(({ position, question }) => {
    const correct = question.options.find((o) => o.correct)!;
    const choices: Block = {
      kind: 'choices',
      actionId: DRILL_ACTION,
      options: question.options.map((o) => ({ id: answerButton(runId, position, o.id), label: `${position}${letter(o.id)}` })),
      ...(closed ? { locked: true, answer: answerButton(runId, position, correct.id) } : {}),
    };
    return [text(questionText(question, position, closed)), choices];
  });
  const fallback = closed ? 'The drill is closed: answers below.' : `${asked.length} drill question${asked.length === 1 ? '' : 's'}: answer with the buttons.`;
  return message(blocks, fallback);
}

export function renderLockedIn(optionId: string, position: number, changed: boolean, deadlineAt: Date, zone: string): OutboundMessage {
  const closes = localClock(localTime(deadlineAt, zone));
  const what = changed ? `Changed: your answer to question ${position} is now **${letter(optionId)}**` : `🔒 Locked in: **${letter(optionId)}** for question ${position}`;
  return notice(`${what}. You can change it until ${closes}; the answer is revealed then.`);
}

export interface RevealedQuestion {
  position: number;
  question: QuizQuestion;
  /** Answers per option id. */
  counts: Record<string, number>;
  fastest?: { name: string; hidden: boolean; elapsedMs: number };
}

export function renderReveal(drill: DrillRecord, questions: RevealedQuestion[], scores: LeaderboardRow[]): OutboundMessage {
  const sections = questions.map((q) => {
    const correct = q.question.options.find((o) => o.correct)!;
    const total = Object.values(q.counts).reduce((a, b) => a + b, 0);
    const split = q.question.options
      .map((o) => `${letter(o.id)} ${q.counts[o.id] ?? 0}${total > 0 ? ` (${Math.round((100 * (q.counts[o.id] ?? 0)) / total)}%)` : ''}${o.correct ? ' ✅' : ''}`)
      .join(' · ');
    const fastest = q.fastest ? `Fastest right answer: ${safeName(q.fastest)} (${formatSeconds(q.fastest.elapsedMs)}).` : 'Nobody got it right.';
    return `**Question ${q.position}: ${letter(correct.id)}. ${correct.text}**\n${correct.explanation}\nAnswers: ${split} — ${total} in all. ${fastest}`;
  });
  const board = scores.length === 0 ? 'Nobody answered this time.' : renderRows(scores, 10);
  return message([text(`**Results · ${neutraliseMentions(drill.name)}**`), ...sections.map(text), text(`**This run's scores**\n${board}`)]);
}

const formatSeconds = (ms: number) => (ms < 60_000 ? `${Math.max(1, Math.round(ms / 1000))} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);

function renderRows(rows: LeaderboardRow[], limit: number): string {
  const shown = rows.slice(0, limit).map((r, i) => `${i + 1}. ${safeName(r)} — ${r.points} pts · ${r.correct}/${r.answered} right (${accuracy(r.correct, r.answered)}%)`);
  if (rows.length > limit) shown.push(`…and ${rows.length - limit} more`);
  return shown.join('\n');
}

export type Period = 'week' | 'month' | 'all';
const PERIOD_TITLE: Record<Period, string> = { week: 'this week', month: 'this month (season)', all: 'all time' };

export function renderLeaderboard(rows: LeaderboardRow[], period: Period, where: string): OutboundMessage {
  const title = `**Leaderboard · ${where} · ${PERIOD_TITLE[period]}**`;
  const body = rows.length === 0 ? 'No drill answers revealed yet in this period.' : renderRows(rows, 15);
  return message([text(`${title}\n${body}\n_Points: 10 a right answer plus up to 5 for speed. \`/privacy leaderboard off\` keeps your name off._`)]);
}

export function renderDrillList(drills: DrillRecord[]): OutboundMessage {
  if (drills.length === 0) return notice('No drills yet. Create one with `/drill create "Morning drill" weekdays@09:00 Europe/Paris django`.');
  const lines = drills.map((d) => {
    const next = d.status === 'active' && d.nextDueAt ? `next ${describeWhen(d.nextDueAt, d.timeZone)}` : d.status;
    return `**#${d.id} ${neutraliseMentions(d.name)}** — ${d.scheduleLabel} ${d.timeZone} · ${d.lessonIds ? `lessons ${d.lessonIds.join(', ')}` : `track ${d.trackId}`} · ${d.questions} q · ${d.windowMinutes} min to answer · ${next}`;
  });
  return notice(`**Drills in this workspace**\n${lines.join('\n')}`);
}
