import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/loader.ts';
import { formatProblem } from '../../src/content/problems.ts';
import { lesson, makeContentTree, quizQuestion } from '../helpers/content.ts';

describe('loadContent', () => {
  it('given a valid tree, loads the track and its written lessons with no problems', async () => {
    const tree = makeContentTree({ steps: 5, written: 3 });
    const result = await loadContent(tree.root);
    expect(result.problems).toEqual([]);
    expect(result.tracks).toHaveLength(1);
    expect(result.tracks[0]!.lessons.map((l) => l.lesson.step)).toEqual([1, 2, 3]);
  });

  it('given an exercise declaring the Django it needs, loads it; a version that is not X.Y is refused with its path', async () => {
    const tree = makeContentTree({ steps: 2, written: 0 });
    const exercise = { id: 'ex', title: 'E', task: 't', doneWhen: 'd', starter: 's', solution: 'print(1)', expectedOutput: '1\n' };
    tree.writeLesson('demo', lesson(1, 'demo-step-1', { exercises: [{ ...exercise, requiresDjango: '5.2' }] }));
    tree.writeLesson('demo', lesson(2, 'demo-step-2', { exercises: [{ ...exercise, id: 'ex2', requiresDjango: '5' }] }));
    const result = await loadContent(tree.root);
    expect(result.tracks[0]!.lessons[0]!.lesson.exercises[0]!.requiresDjango).toBe('5.2');
    expect(result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^tracks\/demo\/lessons\/02-demo-step-2\.yaml \(line \d+\) at exercises\[0\]\.requiresDjango: must be a Django feature release like "5\.2"$/),
    ]);
  });

  it('given several broken files, reports every error with file, path, line and reason', async () => {
    const tree = makeContentTree({ steps: 5, written: 1 });
    const twoCorrect = lesson(2, 'demo-step-2');
    twoCorrect.quiz[0] = { ...quizQuestion('demo-step-2-q1', 'x'), options: quizQuestion('demo-step-2-q1', 'x').options.map((o) => ({ ...o, correct: true })) };
    tree.writeLesson('demo', twoCorrect);
    const noExplanation = lesson(3, 'demo-step-3');
    (noExplanation.quiz[1]!.options[0] as { explanation?: string }).explanation = '';
    noExplanation.explain.rubric = noExplanation.explain.rubric.slice(0, 2);
    tree.writeLesson('demo', noExplanation);
    tree.writeRaw('tracks/demo/lessons/04-demo-step-4.yaml', 'id: demo-step-4\nstep: 4\ntitle: [unclosed\n');
    const wrongStep = lesson(5, 'demo-step-5');
    tree.writeLesson('demo', { ...wrongStep, step: 4 }, '05-demo-step-5.yaml');

    const result = await loadContent(tree.root);
    const messages = result.problems.map(formatProblem);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^tracks\/demo\/lessons\/02-demo-step-2\.yaml \(line \d+\) at quiz\[0\]\.options: needs exactly one correct option, found 3$/),
        expect.stringMatching(/^tracks\/demo\/lessons\/03-demo-step-3\.yaml \(line \d+\) at quiz\[1\]\.options\[0\]\.explanation: must not be empty$/),
        expect.stringMatching(/^tracks\/demo\/lessons\/03-demo-step-3\.yaml \(line \d+\) at explain\.rubric: needs at least 4 rubric points$/),
        expect.stringMatching(/^tracks\/demo\/lessons\/04-demo-step-4\.yaml \(line \d+\): invalid YAML/),
        'tracks/demo/lessons/05-demo-step-5.yaml at step: step 4 does not match the file number 05',
      ]),
    );
    expect([...result.rejectedFiles].sort()).toEqual([2, 3, 4, 5].map((n) => `tracks/demo/lessons/0${n}-demo-step-${n}.yaml`));
    expect(result.tracks[0]!.lessons.map((l) => l.lesson.id)).toEqual(['demo-step-1']);
  });

  it('given an id used twice across files, names both places', async () => {
    const tree = makeContentTree({ steps: 3, written: 1 });
    const clash = lesson(2, 'demo-step-2');
    clash.quiz[0] = quizQuestion('demo-step-1-q1', 'x');
    tree.writeLesson('demo', clash);
    const result = await loadContent(tree.root);
    expect(result.problems.map(formatProblem)).toEqual([
      'tracks/demo/lessons/02-demo-step-2.yaml at quiz[0].id: id "demo-step-1-q1" is already used in tracks/demo/lessons/01-demo-step-1.yaml quiz[0].id',
    ]);
    // Refused like a broken file, so the bot never credits attempts on that id to the wrong lesson.
    expect([...result.rejectedFiles]).toEqual(['tracks/demo/lessons/02-demo-step-2.yaml']);
    expect(result.tracks[0]!.lessons.map((l) => l.lesson.id)).toEqual(['demo-step-1']);
  });

  it('given a lesson the track does not list at that step, refuses it', async () => {
    const tree = makeContentTree({ steps: 3, written: 0 });
    tree.writeLesson('demo', lesson(2, 'stray-lesson'));
    const result = await loadContent(tree.root);
    expect(result.problems.map(formatProblem)).toContain('tracks/demo/lessons/02-stray-lesson.yaml at id: track "demo" lists "demo-step-2" at step 2, not "stray-lesson"');
  });

  it('given unknown keys and a bad reference URL, reports them', async () => {
    const tree = makeContentTree({ steps: 2, written: 0 });
    tree.writeLesson('demo', { ...lesson(1, 'demo-step-1'), colour: 'blue', references: [{ title: 'blog', url: 'https://example.com/post' }] });
    const messages = (await loadContent(tree.root)).problems.map(formatProblem);
    expect(messages.some((m) => m.includes('Unrecognized key') && m.includes('colour'))).toBe(true);
    expect(messages.some((m) => m.includes('references[0].url: must point at official documentation'))).toBe(true);
  });
});

describe('content:check completeness', () => {
  it('given a track with unwritten steps, names each missing lesson file', async () => {
    const { completenessProblems } = await import('../../src/content/completeness.ts');
    const tree = makeContentTree({ steps: 3, written: 1 });
    expect(completenessProblems(await loadContent(tree.root)).map(formatProblem)).toEqual([
      'tracks/demo/track.yaml at steps[1]: step 2 "demo-step-2" has no lesson file (expected lessons/02-demo-step-2.yaml)',
      'tracks/demo/track.yaml at steps[2]: step 3 "demo-step-3" has no lesson file (expected lessons/03-demo-step-3.yaml)',
    ]);
  });

  it('given the content:check command on a broken tree, exits non-zero listing file, path and reason', async () => {
    const { spawnSync } = await import('node:child_process');
    const tree = makeContentTree({ steps: 2, written: 2 });
    tree.writeRaw('tracks/demo/lessons/02-demo-step-2.yaml', 'id: demo-step-2\nstep: 2\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts', tree.root], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('tracks/demo/lessons/02-demo-step-2.yaml (line 1) at title: Invalid input: expected string, received undefined');
    expect(run.stderr).toMatch(/content:check: \d+ problem\(s\)/);
  });
});
