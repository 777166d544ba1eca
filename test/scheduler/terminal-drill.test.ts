// The scheduler inside `npm start` with the terminal: a group drill tried with no tokens, two members
// answering with :as, the drill posting into the conversation it was created in, and a clean exit.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeContentTree } from '../helpers/content.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('drills in the terminal', () => {
  it('given a piped session, creates a drill, runs it now in a thread, takes private answers from two members and exits 0', () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), 'coach-e2e-')), 'coach.db');
    const result = spawnSync('npm', ['start', '--silent'], {
      cwd: root,
      input: ['/drill create "Demo drill" weekdays@09:00 UTC demo 1 5', '/drill now "Demo drill"', '2', ':as Bob', '1', '3', '/drill list'].join('\n') + '\n',
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: `file:${db}`, CONTENT_DIR: makeContentTree().root, DEFAULT_TRACK: 'demo', LOG_LEVEL: 'warn', CONSOLE_USER: 'Dana' },
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out).toContain('[main] coach:\n  📅 Demo drill is scheduled here: weekdays 09:00 (UTC), 1 question from Track demo, 5 min to answer.');
    expect(out).toContain("[main] coach (only you):\n  Drill #1 Demo drill runs now: its thread opens in the drill's channel.\n--- opened thread #1: Demo drill · ");
    expect(out).toMatch(/\[1\] 1A {2}\[2\] 1B {2}\[3\] 1C/);
    const notices = out.split('\n').filter((l) => l.includes('Locked in') || l.includes('Changed'));
    expect(notices.map((l) => l.trim().replace(/until \d\d:\d\d/, 'until HH:MM'))).toEqual([
      '🔒 Locked in: B for question 1. You can change it until HH:MM; the answer is revealed then.',
      '🔒 Locked in: A for question 1. You can change it until HH:MM; the answer is revealed then.',
      'Changed: your answer to question 1 is now C. You can change it until HH:MM; the answer is revealed then.',
    ]);
    expect(out).toContain('#1 Demo drill — weekdays 09:00 UTC · track demo · 1 q · 5 min to answer · next ');
  });
});
