// The in-process migrator keeps Prisma's bookkeeping, so the Prisma CLI agrees with what start-up applied.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMigrations, openSqlite } from '../../src/db/migrate.ts';
import { MIGRATIONS_DIR } from '../../src/db/database.ts';

const tempDb = () => path.join(mkdtempSync(path.join(tmpdir(), 'coach-migrate-')), 'coach.db');

describe('migrations on start', () => {
  it('given a new database, applies every migration once and Prisma\'s own status agrees', () => {
    const file = tempDb();
    const db = openSqlite(file);
    expect(applyMigrations(db, MIGRATIONS_DIR).applied).toEqual(['20261126000000_init']);
    expect(applyMigrations(db, MIGRATIONS_DIR).applied).toEqual([]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const status = spawnSync('npx', ['prisma', 'migrate', 'status'], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: `file:${file}` } });
    expect(status.stdout).toContain('Database schema is up to date!');
  });

  it('given a migration edited after it was applied, refuses to start', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'coach-migrations-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const db = openSqlite(tempDb());
    applyMigrations(db, dir);
    writeFileSync(path.join(dir, '20261126000000_init', 'migration.sql'), '-- edited\n', { flag: 'a' });
    expect(() => applyMigrations(db, dir)).toThrow('migration 20261126000000_init was edited after it was applied; add a new migration instead');
    db.close();
  });
});
