// npm run content:check — validates every content file and exits non-zero listing each problem.
import path from 'node:path';
import { loadContent } from '../src/content/loader.ts';
import { formatProblem } from '../src/content/problems.ts';

const root = path.resolve(process.argv[2] ?? 'content');
const result = await loadContent(root);
const lessons = result.tracks.reduce((n, t) => n + t.lessons.length, 0);
for (const t of result.tracks) {
  const missing = t.track.steps.filter((s) => !t.lessons.some((l) => l.lesson.id === s.id));
  if (missing.length > 0) console.log(`note: ${t.file}: ${missing.length} of ${t.track.steps.length} steps have no lesson file yet`);
}
if (result.problems.length > 0) {
  for (const p of result.problems) console.error(formatProblem(p));
  console.error(`content:check: ${result.problems.length} problem(s) in ${result.rejectedFiles.size} file(s)`);
  process.exit(1);
}
console.log(`content:check: ${result.tracks.length} track(s), ${lessons} lesson(s), no problems`);
