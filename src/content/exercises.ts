// Runs every exercise's reference solution through a CodeRunner and reports each mismatch with its file
// and path, so content:check catches an exercise whose expected output drifted from what the code prints.
// An exercise that declares a newer Django than the playground runs and fails there is listed as not
// checkable here, in the words the learner reads, rather than as a broken exercise.
import { djangoGap } from '../core/coderun/django.ts';
import type { CodeRunner, Playground } from '../core/coderun/types.ts';
import type { LoadedTrack } from './loader.ts';
import type { ContentProblem } from './problems.ts';

export interface ExerciseCheck {
  checked: number;
  problems: ContentProblem[];
  /** Exercises that failed only because the playground's Django is older than they declare. */
  tooNew: ContentProblem[];
}

export async function checkExercises(tracks: readonly LoadedTrack[], runner: CodeRunner, concurrency = 2): Promise<ExerciseCheck> {
  const jobs = tracks.flatMap((t) => t.lessons.flatMap(({ file, lesson }) => lesson.exercises.map((exercise, i) => ({ file, path: `exercises[${i}]`, exercise }))));
  const problems: ContentProblem[] = [];
  const tooNew: ContentProblem[] = [];
  let asked: Promise<Playground | null> | undefined;
  const playground = () => (asked ??= runner.playground?.().catch(() => null) ?? Promise.resolve(null));
  const gapOf = async (required: string | undefined) => {
    const offered = required ? await playground() : null;
    return offered && djangoGap(required, offered);
  };
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { file, path, exercise } = jobs[next++]!;
      const result = await runner.run({ language: 'python', code: exercise.solution });
      const passed = result.status === 'ok' && result.stdout.trimEnd() === exercise.expectedOutput.trimEnd();
      const gap = passed ? null : await gapOf(exercise.requiresDjango);
      if (gap) {
        tooNew.push({ file, path, message: `${gap} (not checked here)` });
      } else if (result.status !== 'ok') {
        problems.push({ file, path: `${path}.solution`, message: `the solution did not run cleanly (${result.status}, exit ${result.exitCode}): ${firstLines(result.stderr || result.output)}` });
      } else if (!passed) {
        problems.push({ file, path: `${path}.expectedOutput`, message: `the solution printed ${JSON.stringify(firstLines(result.stdout))}, expected ${JSON.stringify(firstLines(exercise.expectedOutput))}` });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  const byPlace = (a: ContentProblem, b: ContentProblem) => a.file.localeCompare(b.file) || a.path.localeCompare(b.path);
  return { checked: jobs.length, problems: problems.sort(byPlace), tooNew: tooNew.sort(byPlace) };
}

function firstLines(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines.length > 3 ? `${lines.slice(0, 3).join('\n')}\n…` : lines.join('\n');
}
