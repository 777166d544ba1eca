// `npm run content:check` checks the folder the coach serves: CONTENT_DIR from the environment or .env,
// read through the same config as the bot.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lesson, makeContentTree } from '../helpers/content.ts';

const root = path.resolve(import.meta.dirname, '../..');
const script = path.join(root, 'scripts/content-check.ts');
// An absolute loader URL, so the check also runs from a folder without node_modules (its own .env).
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;

function contentCheck(env: Record<string, string | undefined>, cwd = root) {
  const clean = { ...process.env, CONTENT_DIR: undefined, LEARNING_RUNNER_ENABLED: 'false', ...env };
  return spawnSync(process.execPath, ['--import', tsx, script], { cwd, encoding: 'utf8', env: clean });
}

function brokenTree() {
  const tree = makeContentTree({ steps: 2, written: 2 });
  tree.writeRaw('tracks/demo/lessons/02-demo-step-2.yaml', 'id: demo-step-2\nstep: 2\n');
  return tree;
}

describe('content:check', () => {
  it('given CONTENT_DIR pointing at a folder with a broken file, reports that file, not ./content', () => {
    const run = contentCheck({ CONTENT_DIR: brokenTree().root });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('tracks/demo/lessons/02-demo-step-2.yaml (line 1) at title: Invalid input: expected string, received undefined');
    expect(run.stdout).toBe(
      'content:check: track demo: 6 questions; key strictly longest in 0.0%, "pick the longest" 33.3% (shortest 33.3%) vs chance 33.3%; keys per position (actual/even): a 0/2.0, b 6/2.0, c 0/2.0\n',
    );
  });

  it('given CONTENT_DIR only in .env, reads it from there like the bot does', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'coach-env-'));
    writeFileSync(path.join(cwd, '.env'), `CONTENT_DIR=${brokenTree().root}\n`);
    const run = contentCheck({}, cwd);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('tracks/demo/lessons/02-demo-step-2.yaml (line 1) at title:');
  });

  it('given CONTENT_DIR pointing at a good folder, names it in the summary', () => {
    const tree = makeContentTree({ steps: 2, written: 2 });
    const run = contentCheck({ CONTENT_DIR: tree.root });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toEqual([
      'content:check: track demo: 12 questions; key strictly longest in 0.0%, "pick the longest" 33.3% (shortest 33.3%) vs chance 33.3%; keys per position (actual/even): a 0/4.0, b 12/4.0, c 0/4.0',
      `content:check: ${tree.root}: 1 track(s), 2 lesson(s), no problems; exercises not run (set LEARNING_RUNNER_ENABLED=true and start \`npm run runner\` to check them)`,
    ]);
    expect(run.status).toBe(0);
  });

  it('given a track whose keys are the longest options, fails it and warns for each over-long key', () => {
    const tree = makeContentTree({ steps: 1, written: 0 });
    const quiz = lesson(1, 'demo-step-1').quiz.map((q) => ({
      ...q,
      // 'Option b of demo-step-1-q1' is 26 characters; with the tail 64, so 64/26 = 2.46x.
      options: q.options.map((o) => (o.correct ? { ...o, text: `${o.text}, which is the long and careful answer` } : o)),
    }));
    tree.writeLesson('demo', lesson(1, 'demo-step-1', { quiz }));
    const run = contentCheck({ CONTENT_DIR: tree.root });
    expect(run.status).toBe(1);
    const stderr = run.stderr.trim().split('\n');
    expect(stderr.filter((l) => l.includes('warning:'))).toEqual(
      quiz.map((q, i) => `content:check: warning: tracks/demo/lessons/01-demo-step-1.yaml at quiz[${i}]: "${q.id}": the key is 2.46x the distractors' mean length (over 1.5x gives it away)`),
    );
    expect(stderr.filter((l) => !l.includes('warning:'))).toEqual([
      'tracks/demo/track.yaml at quiz: picking the longest option scores 100.0% against 33.3% by chance (+66.7 points, at most +10.0 allowed); the key is the strictly longest option in 100.0% of 6 questions',
      'content:check: 1 problem(s)',
    ]);
  });

  it('given an empty folder, fails as the bot would instead of reporting no problems', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'coach-empty-'));
    const run = contentCheck({ CONTENT_DIR: empty });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual(['tracks: no tracks found (expected tracks/<id>/track.yaml)', 'content:check: 1 problem(s)']);
  });

  it('given a bad environment value, stops with the one line the bot prints', () => {
    const run = contentCheck({ LOG_LEVEL: 'loud' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "loud"');
  });
});
