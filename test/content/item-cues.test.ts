import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/loader.ts';
import { formatProblem } from '../../src/content/problems.ts';
import { cueStats, itemCueReport, keyLengthRatio, optionLength, type CueQuestion, type CueTrack } from '../../src/content/item-cues.ts';

const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
function question(id: string, texts: string[], key: string): CueQuestion {
  return { id, options: texts.map((text, i) => ({ id: ids[i]!, text, correct: ids[i] === key })) };
}
function track(id: string, questions: CueQuestion[]): CueTrack {
  return { file: `tracks/${id}/track.yaml`, track: { id }, lessons: [{ file: `tracks/${id}/lessons/01-one.yaml`, lesson: { quiz: questions } }] };
}

// Every key is the one long option: a learner who knows nothing scores 100%.
const giveaway = track('giveaway', [
  question('g1', ['aa', 'bbbb', 'cc', 'dd'], 'b'),
  question('g2', ['xxxxxx', 'yy', 'zzz', 'w'], 'a'),
  question('g3', ['one', 'two', 'three'], 'c'),
  question('g4', ['pp', 'qq', 'rr', 'ssss'], 'd'),
]);

// Wins for "pick the longest": 0 (a distractor is longer), 0.5 (tied with a distractor), 0 (2 options), 1.
const balanced = track('balanced', [
  question('b1', ['abc', 'abcd', 'ab'], 'a'),
  question('b2', ['aaaa', 'bbbb', 'cc', 'd'], 'b'),
  question('b3', ['yes', 'no'], 'b'),
  question('b4', ['1234', '12', '123', '1'], 'a'),
]);

describe('cueStats', () => {
  it('given keys that are always the longest, "pick the longest" wins every question against 25-33% chance', () => {
    const stats = cueStats(giveaway.lessons[0]!.lesson.quiz);
    expect(stats.questions).toBe(4);
    expect(stats.strictlyLongest).toBe(1);
    expect(stats.longestWins).toBe(1);
    expect(stats.shortestWins).toBe(0);
    expect(stats.chance).toBeCloseTo((0.25 + 0.25 + 1 / 3 + 0.25) / 4, 10);
    expect(stats.keyPositions).toEqual({ a: 1, b: 1, c: 1, d: 1 });
  });

  it('given ties, distractors longer than the key and different option counts, scores a tie as 1/tied and chance as the mean of 1/options', () => {
    const stats = cueStats(balanced.lessons[0]!.lesson.quiz);
    expect(stats.strictlyLongest).toBe(0.25);
    expect(stats.longestWins).toBe(0.375);
    // Shortest: b1 'ab' (a distractor), b2 'd' (a distractor), b3 'no' is the key, b4 '1' (a distractor).
    expect(stats.shortestWins).toBe(0.25);
    expect(stats.chance).toBeCloseTo((1 / 3 + 1 / 4 + 1 / 2 + 1 / 4) / 4, 10);
    expect(stats.keyPositions).toEqual({ a: 2, b: 2, c: 0, d: 0 });
    expect(stats.expectedPositions.a).toBeCloseTo(4 / 3, 10);
    expect(stats.expectedPositions.b).toBeCloseTo(4 / 3, 10);
    expect(stats.expectedPositions.c).toBeCloseTo(5 / 6, 10);
    expect(stats.expectedPositions.d).toBeCloseTo(1 / 2, 10);
  });

  it('counts what the learner sees: folded YAML whitespace is one space, leading and trailing space nothing', () => {
    expect(optionLength('  a \n   b  ')).toBe(3);
    expect(cueStats([question('w', ['a   b', 'abcd'], 'a')]).strictlyLongest).toBe(0);
    expect(cueStats([])).toEqual({ questions: 0, strictlyLongest: 0, longestWins: 0, shortestWins: 0, chance: 0, keyPositions: {}, expectedPositions: {} });
  });
});

describe('keyLengthRatio', () => {
  it('divides the key length by the mean length of the distractors', () => {
    expect(keyLengthRatio(question('r1', ['aaa', 'aa', 'aa'], 'a'))).toBe(1.5);
    expect(keyLengthRatio(question('r2', ['aaaa', 'bbbb', 'cc', 'd'], 'b'))).toBeCloseTo(4 / (7 / 3), 10);
    expect(keyLengthRatio(question('r3', ['a', 'bbbbbbbb'], 'a'))).toBe(0.125);
  });
});

describe('itemCueReport', () => {
  it('given a give-away track, fails it with its figures and warns for each key over 1.5x its distractors (the 3-option one at 1.67x too)', () => {
    const report = itemCueReport([giveaway]);
    expect(report.problems.map(formatProblem)).toEqual([
      'tracks/giveaway/track.yaml at quiz: picking the longest option scores 100.0% against 27.1% by chance (+72.9 points, at most +10.0 allowed); the key is the strictly longest option in 100.0% of 4 questions',
    ]);
    expect(report.warnings.map(formatProblem)).toEqual([
      `tracks/giveaway/lessons/01-one.yaml at quiz[0]: "g1": the key is 2.00x the distractors' mean length (over 1.5x gives it away)`,
      `tracks/giveaway/lessons/01-one.yaml at quiz[1]: "g2": the key is 3.00x the distractors' mean length (over 1.5x gives it away)`,
      `tracks/giveaway/lessons/01-one.yaml at quiz[2]: "g3": the key is 1.67x the distractors' mean length (over 1.5x gives it away)`,
      `tracks/giveaway/lessons/01-one.yaml at quiz[3]: "g4": the key is 2.00x the distractors' mean length (over 1.5x gives it away)`,
    ]);
    expect(report.summary).toEqual([
      'track giveaway: 4 questions; key strictly longest in 100.0%, "pick the longest" 100.0% (shortest 0.0%) vs chance 27.1%; keys per position (actual/even): a 1/1.1, b 1/1.1, c 1/1.1, d 1/0.8',
    ]);
  });

  it('given a track within 10 points of chance, passes it but still warns for its over-long keys; the other track is judged on its own', () => {
    const report = itemCueReport([balanced, giveaway]);
    expect(report.problems.map((p) => p.file)).toEqual(['tracks/giveaway/track.yaml']);
    expect(report.warnings.filter((w) => w.file.includes('balanced')).map((w) => w.message)).toEqual([
      `"b2": the key is 1.71x the distractors' mean length (over 1.5x gives it away)`,
      `"b4": the key is 2.00x the distractors' mean length (over 1.5x gives it away)`,
    ]);
    expect(report.summary[0]).toBe(
      'track balanced: 4 questions; key strictly longest in 25.0%, "pick the longest" 37.5% (shortest 25.0%) vs chance 33.3%; keys per position (actual/even): a 2/1.3, b 2/1.3, c 0/0.8, d 0/0.5',
    );
  });

  it('fails at more than 10 points over chance, not at 10 exactly', () => {
    // Two options each: chance 50%. Keys longest in 6 of 10 = +10 points, in 7 of 10 = +20 points.
    const track10 = (longest: number) =>
      track(`t${longest}`, Array.from({ length: 10 }, (_, i) => question(`q${i}`, ['right', i < longest ? 'no' : 'wrong!'], 'a')));
    expect(itemCueReport([track10(6)]).problems).toEqual([]);
    expect(itemCueReport([track10(7)]).problems).toHaveLength(1);
  });
});

describe('the repository content', () => {
  it('given every track, the key is the strictly longest option in at most 30% of questions, no key is over 1.5x its distractors, neither "pick the longest" nor "pick the shortest" beats chance by 10 points, and keys are spread over a-d', async () => {
    const result = await loadContent(path.resolve('content'));
    expect(result.tracks.map((t) => t.track.id).sort()).toEqual(['django', 'python']);
    for (const track of result.tracks) {
      const stats = cueStats(track.lessons.flatMap((l) => l.lesson.quiz));
      expect(stats.strictlyLongest, track.track.id).toBeLessThanOrEqual(0.3);
      // Shortening keys must not turn "pick the shortest" into the new give-away.
      expect(stats.shortestWins - stats.chance, track.track.id).toBeLessThanOrEqual(0.1);
      // Keys spread over the letters: each within 6 of what an even spread over each question's options gives.
      for (const [id, even] of Object.entries(stats.expectedPositions)) expect(Math.abs(stats.keyPositions[id]! - even), `${track.track.id} ${id}`).toBeLessThanOrEqual(6);
    }
    const report = itemCueReport(result.tracks);
    expect(report.warnings.map(formatProblem)).toEqual([]);
    expect(report.problems.map(formatProblem)).toEqual([]);
  });
});
