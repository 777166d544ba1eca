// `npm run content:check` checks the folder the coach serves: CONTENT_DIR from the environment or .env,
// read through the same config as the bot.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeContentTree } from '../helpers/content.ts';

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
    expect(run.stdout).toBe('');
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
    expect(run.stdout.trim()).toBe(
      `content:check: ${tree.root}: 1 track(s), 2 lesson(s), no problems; exercises not run (set LEARNING_RUNNER_ENABLED=true and start \`npm run runner\` to check them)`,
    );
    expect(run.status).toBe(0);
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
