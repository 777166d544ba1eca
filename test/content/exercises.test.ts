// Every exercise in content/ is run through the real runner (real HTTP, real sandbox) and must print
// exactly its expected output; a drifted expectation is reported with file and path.
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

describe('content exercises through the runner', () => {
  it('given every exercise in the repository, each solution prints exactly its expected output', async () => {
    const { tracks } = await loadContent(path.resolve('content'));
    const client = createPistonCodeRunner({ url: runner.url, token: TEST_TOKEN, timeoutMs: 120_000 });
    const result = await checkExercises(tracks, client);
    expect(result.checked).toBeGreaterThanOrEqual(12 + 12);
    expect(result.problems.map(formatProblem)).toEqual([]);
  }, 240_000);

  it('given an exercise whose expected output drifted, names the file and path', async () => {
    const track = {
      file: 'tracks/demo/track.yaml',
      hash: '',
      track: { id: 'demo', title: 'Demo', description: 'd', level: 'all', steps: [] },
      lessons: [{ file: 'tracks/demo/lessons/01-x.yaml', hash: '', lesson: { exercises: [{ id: 'e', title: 'E', task: 't', doneWhen: 'd', starter: 's', solution: 'print(6 * 7)', expectedOutput: '41\n' }] } }],
    } as unknown as LoadedTrack;
    const client = createPistonCodeRunner({ url: runner.url, token: TEST_TOKEN });
    const result = await checkExercises([track], client);
    expect(result.problems.map(formatProblem)).toEqual(['tracks/demo/lessons/01-x.yaml at exercises[0].expectedOutput: the solution printed "42", expected "41"']);
  });
});
