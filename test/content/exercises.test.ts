// Every exercise in content/ is run through the real runner (real HTTP, real sandbox, the playground's
// Django: 4.2 from bookworm-backports) and must print exactly its expected output; a drifted expectation
// is reported with file and path, and an exercise declaring a newer Django than the playground's gets the
// plain "needs Django X; this playground runs Django Y" instead of a failure.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent, type LoadedTrack } from '../../src/content/loader.ts';
import { checkExercises } from '../../src/content/exercises.ts';
import { formatProblem } from '../../src/content/problems.ts';
import { createPistonCodeRunner } from '../../src/runner/client.ts';
import { startTestRunner, TEST_TOKEN, type TestRunner } from '../helpers/runner.ts';

let runner: TestRunner;
beforeAll(async () => {
  runner = await startTestRunner({ uidBase: 61500, wallMs: 15_000 });
});
afterAll(async () => runner?.stop());

function trackWith(exercises: object[]): LoadedTrack {
  const lesson = { exercises: exercises.map((exercise, i) => ({ id: `e${i}`, title: `E${i}`, task: 't', doneWhen: 'd', starter: 's', ...exercise })) };
  return {
    file: 'tracks/demo/track.yaml',
    hash: '',
    track: { id: 'demo', title: 'Demo', description: 'd', level: 'all', steps: [] },
    lessons: [{ file: 'tracks/demo/lessons/01-x.yaml', hash: '', lesson }],
  } as unknown as LoadedTrack;
}

describe('content exercises through the runner', () => {
  it('given every exercise in the repository, each solution prints exactly its expected output', async () => {
    const { tracks } = await loadContent(path.resolve('content'));
    const client = createPistonCodeRunner({ url: runner.url, token: TEST_TOKEN, timeoutMs: 120_000 });
    const result = await checkExercises(tracks, client);
    expect(result.checked).toBeGreaterThanOrEqual(12 + 12);
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.tooNew.map(formatProblem)).toEqual([]);
  }, 240_000);

  it('given an exercise whose expected output drifted, names the file and path', async () => {
    const result = await checkExercises([trackWith([{ solution: 'print(6 * 7)', expectedOutput: '41\n' }])], createPistonCodeRunner({ url: runner.url, token: TEST_TOKEN }));
    expect(result.problems.map(formatProblem)).toEqual(['tracks/demo/lessons/01-x.yaml at exercises[0].expectedOutput: the solution printed "42", expected "41"']);
  });

  it('given exercises declaring a Django newer than the playground, a failing one is reported plainly and a passing one is fine', async () => {
    const django = runner.service.runtime.django!;
    const newer = `${Number(django.split('.')[0]) + 1}.0`;
    const needsNewer = { solution: `import django\nassert django.VERSION[0] >= ${newer.split('.')[0]}, django.get_version()`, expectedOutput: '', requiresDjango: newer };
    const runsAnyway = { solution: 'print("fine")', expectedOutput: 'fine\n', requiresDjango: newer };
    const broken = { solution: 'raise SystemExit(3)', expectedOutput: '', requiresDjango: '4.2' };
    const result = await checkExercises([trackWith([needsNewer, runsAnyway, broken])], createPistonCodeRunner({ url: runner.url, token: TEST_TOKEN }));
    expect(result.tooNew.map(formatProblem)).toEqual([`tracks/demo/lessons/01-x.yaml at exercises[0]: needs Django ${newer}; this playground runs Django ${django} (not checked here)`]);
    expect(result.problems.map(formatProblem)).toEqual([expect.stringMatching(/^tracks\/demo\/lessons\/01-x\.yaml at exercises\[2\]\.solution: the solution did not run cleanly \(error, exit 3\)/)]);
  });
});
