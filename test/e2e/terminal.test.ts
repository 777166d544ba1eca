// Drives `npm start` as a learner would, with a piped script, and reads the transcript.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function runCoach(script: string[], databaseFile: string): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync('npm', ['start', '--silent'], {
    cwd: root,
    input: script.join('\n') + '\n',
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: `file:${databaseFile}`, LOG_LEVEL: 'warn', CONSOLE_USER: 'Dana' },
    timeout: 60_000,
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

function progressBlock(stdout: string): string {
  const start = stdout.lastIndexOf('== Progress · Dana ==');
  expect(start).toBeGreaterThan(-1);
  return stdout.slice(start).split('\n').filter((l) => l.startsWith('  ')).join('\n');
}

describe('terminal adapter end to end', () => {
  it('given a scripted session, coaches through lesson, quiz, explain, confidence and progress, and keeps progress across a restart', () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), 'coach-e2e-')), 'coach.db');
    const first = runCoach(
      [
        '/lesson django 33',
        '/quiz',
        '1',
        '/explain',
        'Middleware runs first, then the URLconf routes to the view, which uses the ORM with select_related to avoid N+1 queries and renders a template; the response goes back through middleware.',
        '/confidence 4',
        ':main',
        '/progress',
      ],
      db,
    );
    expect(first.status).toBe(0);
    const out = first.stdout;
    expect(out).toContain('--- opened thread #1: Step 33 · Interview essentials');
    expect(out).toContain('step 33/36 · 0%');
    expect(out).toMatch(/\[#1 Step 33 · Interview essentials\] coach:\n {2}Question 1 of \d+/);
    expect(out).toMatch(/\[1\] A {2}\[2\] B/);
    expect(out).toContain('❌ Not quite: you chose A.');
    expect(out).toContain('Score 80/100 · key points 4/5 · 30/80 words · 0s of 30s');
    expect(out).toContain('Confidence saved: 4/5 for Interview essentials.');
    expect(out).toContain('(back in main)');
    const before = progressBlock(out);
    // The explain answer scored 80, which shows the lesson: one lesson done of 36.
    expect(before).toContain('Django interview essentials: step 33/36 · 3%');
    expect(before).toContain('Lessons done: 1/36 (opened: 1) · quiz accuracy: 0% (0/1) · explain average: 80/100 over 1 · hands-on exercises: 0/38');
    expect(before).toContain('• 33. Interview essentials: 4/5');

    const second = runCoach(['/progress'], db);
    expect(second.status).toBe(0);
    expect(progressBlock(second.stdout)).toBe(before);
  });

  it('given bad input, prints clear errors and keeps going to the end of the script', () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), 'coach-e2e-')), 'coach.db');
    const { stdout, status } = runCoach(['/nonsense', '/lesson django 99', '/lesson cooking', '/confidence 7', '3', ':thread 9', '/help'], db);
    expect(status).toBe(0);
    expect(stdout).toContain("I don't know `/nonsense`. Try `/help` for the list of commands.");
    expect(stdout).toContain('Track django has no step "99". Steps: 1-36.');
    expect(stdout).toContain('There is no track "cooking". Tracks: django, python.');
    expect(stdout).toContain("That doesn't fit: level: a number from 1 to 5. Usage: `/confidence [level]`");
    expect(stdout).toContain('! There is no button 3 here.');
    expect(stdout).toContain('! No thread 9.');
    expect(stdout).toContain('Interview Coach commands');
  });

  it('given an invalid environment value, refuses to start with one line naming the variable', () => {
    const result = spawnSync('npm', ['start', '--silent'], { cwd: root, input: '', encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'loud' } });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^LOG_LEVEL must be /)]);
  });
});
