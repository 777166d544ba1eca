// Start-up migrations behave like `prisma migrate deploy`, data included, and refuse files they must not touch.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/db/migrate.ts';
import { MIGRATIONS_DIR, openDatabase } from '../../src/db/database.ts';
import { openSqlite } from '../../src/db/sqlite.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { FixedClock } from '../helpers/clock.ts';
import { lesson, makeContentTree } from '../helpers/content.ts';
import type { CodeRunner } from '../../src/core/ports.ts';
import { alice, channel } from '../helpers/recording-adapter.ts';

const tempDir = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));
const tempDb = () => path.join(tempDir('coach-migrate-'), 'coach.db');
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/migrations');
const HISTORY_TABLES = [
  'Learner', 'Identity', 'Enrollment', 'LessonProgress', 'ConfidenceRating', 'QuizAttempt', 'ExplainAttempt', 'ExerciseCompletion', 'ThreadState',
  'LinkCode', 'Drill', 'DrillRun', 'DrillRunQuestion', 'DrillAnswer', 'LeaderboardPrivacy',
];

/** The committed migrations plus the named fixtures, as a migrations folder of a later version. */
function migrationsWith(...fixtures: string[]): string {
  const dir = tempDir('coach-migrations-');
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  for (const name of fixtures) cpSync(path.join(FIXTURES, name), path.join(dir, name), { recursive: true });
  return dir;
}

function counts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  const result = Object.fromEntries(HISTORY_TABLES.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]));
  db.close();
  return result;
}

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('migrations on start', () => {
  it("given a new database, applies every migration once and Prisma's own status agrees", () => {
    const file = tempDb();
    const db = openSqlite(file);
    expect(applyMigrations(db, MIGRATIONS_DIR).applied).toEqual(['20261126000000_init', '20261201200000_exercise_completion', '20261202100000_identity_link', '20261202200000_drills', '20261203100000_drill_question_index']);
    expect(applyMigrations(db, MIGRATIONS_DIR).applied).toEqual([]);
    db.close();
    const status = spawnSync('npx', ['prisma', 'migrate', 'status'], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: `file:${file}` } });
    expect(status.stdout).toContain('Database schema is up to date!');
  });

  it('given a migration edited after it was applied, refuses to start', () => {
    const dir = migrationsWith();
    const db = openSqlite(tempDb());
    applyMigrations(db, dir);
    writeFileSync(path.join(dir, '20261126000000_init', 'migration.sql'), '-- edited\n', { flag: 'a' });
    expect(() => applyMigrations(db, dir)).toThrow('migration 20261126000000_init was edited after it was applied; add a new migration instead');
    db.close();
  });

  it('given learners with every kind of history, a table-redefining migration from Prisma keeps every row', async () => {
    const tree = makeContentTree();
    tree.writeLesson('demo', lesson(1, 'demo-step-1', {
      exercises: [{ id: 'demo-ex', title: 'Count', task: 'Print 3', doneWhen: 'it prints 3', starter: 'print(0)', solution: 'print(3)', expectedOutput: '3\n' }],
    }));
    const clock = new FixedClock();
    const printsThree: CodeRunner = { run: async () => ({ status: 'ok', exitCode: 0, signal: null, stdout: '3\n', stderr: '', output: '3\n', wallMs: 1 }) };
    t = await createTestApp(tree.root, clock, undefined, printsThree);
    const file = t.dbFile;
    await t.command(alice, channel, 'lesson', { step: '1' });
    const thread = t.adapter.threads[0]!.conv;
    await t.command(alice, thread, 'quiz', {});
    await t.press(alice, thread, 'quiz', t.adapter.lastButtons()[1]!.value);
    await t.command(alice, thread, 'confidence', { level: '2' });
    await t.command(alice, thread, 'confidence', { level: '4' });
    await t.command(alice, thread, 'explain', {});
    clock.advance(10);
    await t.say(alice, thread, 'It joins over the foreign key.');
    await t.say(alice, thread, '```python\nprint(3)\n```');
    await t.command(alice, channel, 'link', {});
    await t.command(alice, channel, 'privacy', { setting: 'leaderboard', value: 'off' });
    // A drill run started by hand and answered: its run, questions and answer hang off the learner too.
    t.app.coach.attach(t.adapter);
    const drill = (args: Record<string, string>) => t!.app.coach.handle({ type: 'command', user: alice, conv: channel, name: 'drill', args, isAdmin: true }, t!.adapter);
    await drill({ action: 'create', drill: 'A', schedule: 'daily 09:00', timezone: 'UTC', track: 'demo', questions: '1', window: '10' });
    await drill({ action: 'now', drill: 'A' });
    const drillThread = t.adapter.threads.at(-1)!.conv;
    await t.press(alice, drillThread, 'drill', t.adapter.lastButtons().find((b) => b.actionId === 'drill')!.value);
    await t.close();
    t = undefined;
    const before = counts(file);
    expect(before).toEqual({
      Learner: 1, Identity: 1, Enrollment: 1, LessonProgress: 1, ConfidenceRating: 2, QuizAttempt: 1, ExplainAttempt: 1, ExerciseCompletion: 1, ThreadState: 2,
      LinkCode: 1, Drill: 1, DrillRun: 1, DrillRunQuestion: 1, DrillAnswer: 1, LeaderboardPrivacy: 1,
    });

    const migrated = await openDatabase(`file:${file}`, undefined, migrationsWith('20261215000000_learner_time_zone'));
    expect(migrated.migrations.applied).toEqual(['20261215000000_learner_time_zone']);
    expect(migrated.sql.all('SELECT "timeZone" FROM "Learner"')).toEqual([{ timeZone: 'UTC' }]);
    expect(migrated.sql.get<{ n: number }>('SELECT count(*) AS n FROM pragma_foreign_key_list(\'Identity\')')!.n).toBe(1);
    await migrated.close();
    expect(counts(file)).toEqual(before);
  });

  it('given a migration that fails halfway, leaves the database as it was and says which migration', async () => {
    const file = tempDb();
    await (await openDatabase(`file:${file}`)).close();
    const before = readFileSync(file);
    await expect(openDatabase(`file:${file}`, undefined, migrationsWith('20261216000000_broken'))).rejects.toThrow(
      /^DATABASE_URL: migration 20261216000000_broken failed and was rolled back, the database is as it was: .*no such table: NoSuchTable/,
    );
    const db = new Database(file, { readonly: true });
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'HalfDone'`).all()).toEqual([]);
    expect(db.prepare('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name').all()).toEqual([{ migration_name: '20261126000000_init' }, { migration_name: '20261201200000_exercise_completion' }, { migration_name: '20261202100000_identity_link' }, { migration_name: '20261202200000_drills' }, { migration_name: '20261203100000_drill_question_index' }]);
    db.close();
    expect(readFileSync(file).length).toBe(before.length);
  });

  it('given two processes starting on one new file at once, each migration is applied exactly once and both start', async () => {
    const file = tempDb();
    const script = `
      const { openDatabase } = await import(${JSON.stringify(path.resolve('src/db/database.ts'))});
      const db = await openDatabase(${JSON.stringify(`file:${file}`)}, undefined, ${JSON.stringify(migrationsWith('20261215000000_learner_time_zone'))});
      process.stdout.write(JSON.stringify(db.migrations.applied));
      await db.close();`;
    const run = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.on('close', (code) => resolve({ code, out }));
      });
    const results = await Promise.all([run(), run()]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const applied = results.flatMap((r) => JSON.parse(r.out) as string[]).sort();
    expect(applied).toEqual(['20261126000000_init', '20261201200000_exercise_completion', '20261202100000_identity_link', '20261202200000_drills', '20261203100000_drill_question_index', '20261215000000_learner_time_zone']);
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name').all()).toEqual([
      { migration_name: '20261126000000_init' },
      { migration_name: '20261201200000_exercise_completion' },
      { migration_name: '20261202100000_identity_link' },
      { migration_name: '20261202200000_drills' },
      { migration_name: '20261203100000_drill_question_index' },
      { migration_name: '20261215000000_learner_time_zone' },
    ]);
    db.close();
  });
});

describe('files start-up must not touch', () => {
  it('given a database migrated by a newer version, refuses to start and changes nothing', async () => {
    const file = tempDb();
    await (await openDatabase(`file:${file}`, undefined, migrationsWith('20261215000000_learner_time_zone'))).close();
    const before = readFileSync(file);
    await expect(openDatabase(`file:${file}`)).rejects.toThrow(
      `DATABASE_URL: ${file} holds migrations that are not Interview Coach's (20261215000000_learner_time_zone): it was migrated by a newer version of Interview Coach or belongs to another application; run that version, or point DATABASE_URL at a copy made before it or at a new file`,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("given another application's SQLite file, refuses to start and leaves it byte for byte", async () => {
    const file = tempDb();
    const foreign = new Database(file);
    foreign.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5);');
    foreign.close();
    const before = readFileSync(file);
    await expect(openDatabase(`file:${file}`)).rejects.toThrow(`DATABASE_URL: ${file} holds tables that are not Interview Coach's (invoices); point DATABASE_URL at a new file`);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('given a file that is not a database, refuses to start and leaves it byte for byte', async () => {
    const dir = tempDir('coach-corrupt-');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'coach.db');
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    const before = readFileSync(file);
    await expect(openDatabase(`file:${file}`)).rejects.toThrow(`DATABASE_URL: ${file} is not a usable SQLite database (file is not a database); nothing was changed. Point DATABASE_URL at a new file or restore a backup`);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
