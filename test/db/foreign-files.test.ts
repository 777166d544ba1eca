// Files start-up must refuse and leave as they are: another Prisma application's database (whatever state
// its migrations are in), a file with tables none of our migrations create, and a real database damaged
// in pages only the content import reads.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { makeContentTree } from '../helpers/content.ts';
import { alice, channel } from '../helpers/recording-adapter.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tempDb = () => path.join(mkdtempSync(path.join(tmpdir(), 'coach-foreign-')), 'coach.db');
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Another Prisma application's file: its own table and Prisma's bookkeeping with the given rows. */
function prismaFile(rows: { name: string; finished: boolean; rolledBack: boolean }[], table = 'invoices'): string {
  const file = tempDb();
  const db = new Database(file);
  db.exec(`CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL,
    "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
  db.exec(`CREATE TABLE "${table}" (id INTEGER PRIMARY KEY, total REAL); INSERT INTO "${table}" (total) VALUES (12.5);`);
  const insert = db.prepare('INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, rolled_back_at) VALUES (?, ?, ?, ?, ?)');
  rows.forEach((r, i) => insert.run(`id-${i}`, 'abc', r.finished ? Date.now() : null, r.name, r.rolledBack ? Date.now() : null));
  db.close();
  return file;
}

const notOurs = (file: string, names: string) =>
  `DATABASE_URL: ${file} holds migrations that are not Interview Coach's (${names}): it was migrated by a newer version of Interview Coach or belongs to another application; run that version, or point DATABASE_URL at a copy made before it or at a new file`;

describe("another Prisma application's database", () => {
  it('given its only migration unfinished, refuses to start and leaves it byte for byte', async () => {
    const file = prismaFile([{ name: '20250101000000_invoices', finished: false, rolledBack: false }]);
    const before = sha(file);
    await expect(openDatabase(`file:${file}`)).rejects.toThrow(notOurs(file, '20250101000000_invoices'));
    expect(sha(file)).toBe(before);
  });

  it('given a rolled-back migration beside a finished one, names both and leaves it byte for byte', async () => {
    const file = prismaFile([
      { name: '20250101000000_invoices', finished: true, rolledBack: false },
      { name: '20250102000000_discounts', finished: false, rolledBack: true },
    ]);
    const before = sha(file);
    await expect(openDatabase(`file:${file}`)).rejects.toThrow(notOurs(file, '20250101000000_invoices, 20250102000000_discounts'));
    expect(sha(file)).toBe(before);
  });

  it('given no migration rows but tables of its own, refuses them by name and leaves it byte for byte', async () => {
    const file = prismaFile([]);
    const before = sha(file);
    await expect(openDatabase(`file:${file}`)).rejects.toThrow(`DATABASE_URL: ${file} holds tables that are not Interview Coach's (invoices); point DATABASE_URL at a new file`);
    expect(sha(file)).toBe(before);
  });

  it('given only our own migrations but an extra table, refuses it (not a backup tool\'s) and leaves it byte for byte', async () => {
    const file = tempDb();
    await (await openDatabase(`file:${file}`)).close();
    const db = new Database(file);
    db.pragma('journal_mode = DELETE');
    // Litestream's own tables are expected beside ours; an application's table is not.
    db.exec('CREATE TABLE "_litestream_seq" (id INTEGER PRIMARY KEY, seq INTEGER); CREATE TABLE "Invoice" (id INTEGER PRIMARY KEY)');
    db.close();
    const before = sha(file);
    await expect(openDatabase(`file:${file}`)).rejects.toThrow(`DATABASE_URL: ${file} holds tables that are not Interview Coach's (Invoice); point DATABASE_URL at a new file`);
    expect(sha(file)).toBe(before);
    const drop = new Database(file);
    drop.exec('DROP TABLE "Invoice"');
    drop.close();
    const opened = await openDatabase(`file:${file}`);
    expect(opened.migrations.applied).toEqual([]);
    await opened.close();
  });
});

describe('a real database damaged in the middle', () => {
  /** A coach database with history whose Lesson table pages (read first by the content import) are overwritten. */
  async function damagedDatabase(): Promise<{ file: string; content: string }> {
    const content = makeContentTree().root;
    t = await createTestApp(content);
    await t.command(alice, channel, 'lesson', { step: '1' });
    await t.command(alice, t.adapter.threads[0]!.conv, 'confidence', { level: '3' });
    const file = t.dbFile;
    await t.close();
    t = undefined;
    const db = new Database(file);
    db.pragma('journal_mode = DELETE');
    const { rootpage } = db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'Lesson'`).get() as { rootpage: number };
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const pageCount = db.pragma('page_count', { simple: true }) as number;
    db.close();
    // Not the first page (the schema), so the file still opens and its schema still reads.
    expect(rootpage).toBeGreaterThan(1);
    expect(rootpage).toBeLessThan(pageCount);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (rootpage - 1) * pageSize);
    closeSync(fd);
    return { file, content };
  }

  it('given the content import meeting the damage, refuses to start naming DATABASE_URL and the file', async () => {
    const { file, content } = await damagedDatabase();
    await expect(createTestApp(content, undefined, file)).rejects.toThrow(
      `DATABASE_URL: ${file} is not a usable SQLite database (database disk image is malformed); none of its data was changed. Point DATABASE_URL at a new file or restore a backup`,
    );
  });

  it('given npm start on it, prints one line naming DATABASE_URL and exits 1', async () => {
    const { file, content } = await damagedDatabase();
    const result = spawnSync('npm', ['start', '--silent'], {
      cwd: root,
      input: '',
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: `file:${file}`, CONTENT_DIR: content, DEFAULT_TRACK: 'demo', LOG_LEVEL: 'warn' },
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `interview-coach: failed to start: DATABASE_URL: ${file} is not a usable SQLite database (database disk image is malformed); none of its data was changed. Point DATABASE_URL at a new file or restore a backup`,
    ]);
  });
});
