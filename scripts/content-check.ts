// npm run content:check — validates every content file, checks that every listed step is written, and
// exits non-zero listing each problem with file, path and reason.
import path from 'node:path';
import { loadContent } from '../src/content/loader.ts';
import { completenessProblems } from '../src/content/completeness.ts';
import { formatProblem } from '../src/content/problems.ts';

const root = path.resolve(process.argv[2] ?? 'content');
const result = await loadContent(root);
const problems = [...result.problems, ...completenessProblems(result)];
const lessons = result.tracks.reduce((n, t) => n + t.lessons.length, 0);
if (problems.length > 0) {
  for (const p of problems) console.error(formatProblem(p));
  console.error(`content:check: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`content:check: ${result.tracks.length} track(s), ${lessons} lesson(s), no problems`);
