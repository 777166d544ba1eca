// npm run content:check [folder] — validates every content file in the folder the coach serves
// (CONTENT_DIR from the environment or .env, through the same config as the bot; a folder argument wins),
// checks that every listed step is written, and, when the Python runner answers at RUNNER_URL, runs every
// exercise's solution against its expected output. Exits non-zero listing each problem with file, path and reason.
import path from 'node:path';
import { loadContent } from '../src/content/loader.ts';
import { completenessProblems } from '../src/content/completeness.ts';
import { checkExercises } from '../src/content/exercises.ts';
import { formatProblem } from '../src/content/problems.ts';
import { itemCueReport } from '../src/content/item-cues.ts';
import { rubricWarnings } from '../src/content/rubric-lint.ts';
import { createPistonCodeRunner } from '../src/runner/client.ts';
import { RunnerUnavailableError } from '../src/core/coderun/types.ts';
import { ConfigError, loadConfig } from '../src/config.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const root = path.resolve(process.argv[2] ?? config.contentDir);
const result = await loadContent(root);
const problems = [...result.problems, ...completenessProblems(result)];
// Multiple-choice items must not be answerable by picking the longest option (issue 13, item 4).
const cues = itemCueReport(result.tracks);
problems.push(...cues.problems);
const lessons = result.tracks.reduce((n, t) => n + t.lessons.length, 0);
// Rubric warnings do not fail the check: a generous rubric still grades, just less sharply.
for (const w of rubricWarnings(result)) console.log(`content:check: warning: ${formatProblem(w)}`);

const { runner: runnerConfig } = config;
let exercisesNote = 'exercises not run (set LEARNING_RUNNER_ENABLED=true and start `npm run runner` to check them)';
if (runnerConfig.enabled && problems.length === 0) {
  const runner = createPistonCodeRunner({ url: runnerConfig.url, token: runnerConfig.token ?? null, timeoutMs: 60_000 });
  try {
    const checked = await checkExercises(result.tracks, runner);
    problems.push(...checked.problems);
    for (const skipped of checked.tooNew) console.log(`content:check: note: ${formatProblem(skipped)}`);
    exercisesNote = `${checked.checked} exercise(s) run through ${runnerConfig.url}`;
  } catch (error) {
    if (!(error instanceof RunnerUnavailableError)) throw error;
    exercisesNote = `exercises not run: the runner at ${runnerConfig.url} is unavailable (${error.reason})`;
  }
}

for (const line of cues.summary) console.log(`content:check: ${line}`);
for (const w of cues.warnings) console.warn(`content:check: warning: ${formatProblem(w)}`);
if (problems.length > 0) {
  for (const p of problems) console.error(formatProblem(p));
  console.error(`content:check: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`content:check: ${root}: ${result.tracks.length} track(s), ${lessons} lesson(s), no problems; ${exercisesNote}`);
