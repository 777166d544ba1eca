// Surface cues in multiple-choice items: a learner who knows nothing should not beat chance by picking the
// longest option, and the key should not sit on one letter. Pure: content:check and the tests feed it the
// loaded tracks and decide how to print the findings.
import type { ContentProblem } from './problems.ts';

/** "Pick the longest" may beat chance by at most this much per track (0.10 = 10 points). */
export const MAX_LONGEST_ADVANTAGE = 0.1;
/** A key longer than this many times its distractors' mean length gives itself away. */
export const MAX_KEY_LENGTH_RATIO = 1.5;

export interface CueOption {
  id: string;
  text: string;
  correct: boolean;
}
export interface CueQuestion {
  id: string;
  options: readonly CueOption[];
}

export interface CueStats {
  questions: number;
  /** Share of questions whose key is longer than every distractor. */
  strictlyLongest: number;
  /** Expected score of "pick the longest option, break ties at random". */
  longestWins: number;
  /** Expected score of "pick the shortest option": rewriting keys shorter must not just flip the cue. */
  shortestWins: number;
  /** Expected score of a blind guess: mean of 1/options. */
  chance: number;
  /** Keys per option id, e.g. { a: 30, b: 31, c: 29, d: 30 }. */
  keyPositions: Record<string, number>;
  /** Keys each id would get if keys were spread evenly over the options each question has. */
  expectedPositions: Record<string, number>;
}

export interface CueReport {
  /** Tracks where "pick the longest" beats chance by more than MAX_LONGEST_ADVANTAGE. */
  problems: ContentProblem[];
  /** Questions whose key is over MAX_KEY_LENGTH_RATIO times the distractors' mean length. */
  warnings: ContentProblem[];
  /** One line per track with its figures. */
  summary: string[];
}

// Whitespace from YAML folding must not count: the learner sees one space.
export function optionLength(text: string): number {
  return text.trim().replace(/\s+/g, ' ').length;
}

export function keyLengthRatio(question: CueQuestion): number {
  const key = question.options.find((o) => o.correct);
  const distractors = question.options.filter((o) => !o.correct);
  if (!key || distractors.length === 0) return 0;
  const mean = distractors.reduce((sum, o) => sum + optionLength(o.text), 0) / distractors.length;
  return optionLength(key.text) / mean;
}

export function cueStats(questions: readonly CueQuestion[]): CueStats {
  let strictly = 0;
  let wins = 0;
  let shortWins = 0;
  let chance = 0;
  const keyPositions: Record<string, number> = {};
  const expectedPositions: Record<string, number> = {};
  for (const q of questions) {
    const key = q.options.find((o) => o.correct);
    if (!key) continue;
    const lengths = q.options.map((o) => optionLength(o.text));
    const longest = Math.max(...lengths);
    const shortest = Math.min(...lengths);
    const tied = lengths.filter((n) => n === longest).length;
    const keyLength = optionLength(key.text);
    if (keyLength === longest) {
      wins += 1 / tied;
      if (tied === 1) strictly += 1;
    }
    if (keyLength === shortest) shortWins += 1 / lengths.filter((n) => n === shortest).length;
    chance += 1 / q.options.length;
    keyPositions[key.id] = (keyPositions[key.id] ?? 0) + 1;
    for (const o of q.options) expectedPositions[o.id] = (expectedPositions[o.id] ?? 0) + 1 / q.options.length;
  }
  const n = questions.length;
  const share = (x: number) => (n === 0 ? 0 : x / n);
  for (const id of Object.keys(expectedPositions)) keyPositions[id] ??= 0;
  return { questions: n, strictlyLongest: share(strictly), longestWins: share(wins), shortestWins: share(shortWins), chance: share(chance), keyPositions, expectedPositions };
}

/** The part of a LoadedTrack the report reads. */
export interface CueTrack {
  file: string;
  track: { id: string };
  lessons: readonly { file: string; lesson: { quiz: readonly CueQuestion[] } }[];
}

export function itemCueReport(tracks: readonly CueTrack[]): CueReport {
  const report: CueReport = { problems: [], warnings: [], summary: [] };
  for (const { file, track, lessons } of tracks) {
    const questions = lessons.flatMap((l) => l.lesson.quiz);
    if (questions.length === 0) continue;
    const stats = cueStats(questions);
    const advantage = stats.longestWins - stats.chance;
    report.summary.push(`track ${track.id}: ${formatCueStats(stats)}`);
    // The tolerance keeps a track exactly at the limit (0.35 - 0.25 in floating point) from flipping.
    if (advantage > MAX_LONGEST_ADVANTAGE + 1e-9) {
      report.problems.push({
        file,
        path: 'quiz',
        message:
          `picking the longest option scores ${percent(stats.longestWins)} against ${percent(stats.chance)} by chance ` +
          `(+${points(advantage)} points, at most +${points(MAX_LONGEST_ADVANTAGE)} allowed); ` +
          `the key is the strictly longest option in ${percent(stats.strictlyLongest)} of ${stats.questions} questions`,
      });
    }
    for (const l of lessons) {
      l.lesson.quiz.forEach((q, i) => {
        const ratio = keyLengthRatio(q);
        if (ratio > MAX_KEY_LENGTH_RATIO) {
          report.warnings.push({
            file: l.file,
            path: `quiz[${i}]`,
            message: `"${q.id}": the key is ${ratio.toFixed(2)}x the distractors' mean length (over ${MAX_KEY_LENGTH_RATIO}x gives it away)`,
          });
        }
      });
    }
  }
  return report;
}

export function formatCueStats(stats: CueStats): string {
  const positions = Object.keys(stats.expectedPositions)
    .sort()
    .map((id) => `${id} ${stats.keyPositions[id]}/${stats.expectedPositions[id]!.toFixed(1)}`)
    .join(', ');
  return (
    `${stats.questions} questions; key strictly longest in ${percent(stats.strictlyLongest)}, ` +
    `"pick the longest" ${percent(stats.longestWins)} (shortest ${percent(stats.shortestWins)}) vs chance ${percent(stats.chance)}; ` +
    `keys per position (actual/even): ${positions}`
  );
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const points = (x: number) => (x * 100).toFixed(1);
