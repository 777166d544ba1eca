// Applies pending migrations from prisma/migrations at start-up, exactly as `prisma migrate deploy` would,
// data included. It keeps Prisma's own bookkeeping table (_prisma_migrations, same checksum) so
// `prisma migrate status` agrees, but runs in-process: spawning the Prisma CLI costs about a second a start.
//
// Prisma's SQLite scripts redefine a table as CREATE new / INSERT SELECT / DROP old / RENAME. With foreign
// keys on, that DROP cascades into every child table, and `PRAGMA foreign_keys` is a no-op inside a
// transaction, so the pragma is switched off *around* each migration's transaction and the constraints are
// checked with `foreign_key_check` before it commits.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export interface MigrationResult {
  applied: string[];
  total: number;
}

export class MigrationError extends Error {}

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(migrationsDir: string): Migration[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(migrationsDir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export function applyMigrations(db: Database.Database, migrationsDir: string): MigrationResult {
  const migrations = readMigrations(migrationsDir);
  // All refusals come before the first write, so a refused file is left byte for byte.
  refuseForeignDatabase(db, migrations);
  db.exec(BOOKKEEPING);
  const applied: string[] = [];
  for (const migration of migrations) {
    if (applyOne(db, migration)) applied.push(migration.name);
  }
  return { applied, total: migrations.length };
}

/** True when this process applied it; false when it was already applied (by us earlier, or by another process). */
function applyOne(db: Database.Database, migration: Migration): boolean {
  db.pragma('foreign_keys = OFF');
  try {
    // IMMEDIATE takes the write lock before reading the bookkeeping, so two processes starting at once
    // apply each migration once: the second waits here, then finds it done.
    return db
      .transaction(() => {
        const previous = appliedChecksums(db).get(migration.name);
        if (previous !== undefined) {
          if (previous !== migration.checksum) throw new MigrationError(`migration ${migration.name} was edited after it was applied; add a new migration instead`);
          return false;
        }
        try {
          db.exec(migration.sql);
        } catch (error) {
          throw new MigrationError(`migration ${migration.name} failed and was rolled back, the database is as it was: ${(error as Error).message}`);
        }
        const broken = db.pragma('foreign_key_check') as { table: string }[];
        if (broken.length > 0) {
          throw new MigrationError(`migration ${migration.name} would leave ${broken.length} row(s) with a broken reference (first in table ${broken[0]!.table}); it was rolled back`);
        }
        db.prepare('INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)').run(
          randomUUID(),
          migration.checksum,
          Date.now(),
          migration.name,
          Date.now(),
        );
        return true;
      })
      .immediate();
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

function appliedChecksums(db: Database.Database): Map<string, string> {
  const rows = db.prepare('SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').all() as {
    migration_name: string;
    checksum: string;
  }[];
  return new Map(rows.map((r) => [r.migration_name, r.checksum]));
}

/**
 * Only a file that is empty or that our own migrations built may be migrated. A Prisma history is not
 * enough: another Prisma application has one too, and its unfinished or rolled-back rows are still its
 * migrations, not ours. So every recorded migration name must be one of ours, and every table one that our
 * migrations create.
 */
function refuseForeignDatabase(db: Database.Database, migrations: Migration[]): void {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  if (tables.length === 0) return;
  if (tables.includes('_prisma_migrations')) {
    const known = new Set(migrations.map((m) => m.name));
    const names = (db.prepare('SELECT DISTINCT migration_name FROM _prisma_migrations ORDER BY migration_name').all() as { migration_name: string }[]).map((r) => r.migration_name);
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new MigrationError(
        `${db.name} holds migrations that are not Interview Coach's (${list(unknown)}): it was migrated by a newer version of Interview Coach or belongs to another application; run that version, or point DATABASE_URL at a copy made before it or at a new file`,
      );
    }
  }
  const ours = tablesCreatedBy(migrations);
  const foreign = tables.filter((name) => name !== '_prisma_migrations' && !ours.has(name) && !BESIDE_OURS.test(name));
  if (foreign.length > 0) throw new MigrationError(`${db.name} holds tables that are not Interview Coach's (${list(foreign)}); point DATABASE_URL at a new file`);
}

/** Tables tools put beside an application's own: Litestream's replication bookkeeping. */
const BESIDE_OURS = /^_litestream_/;

const list = (names: string[]) => (names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', '));

/** Every table a migration creates or renames into place (Prisma's redefinitions go through "new_X"). */
function tablesCreatedBy(migrations: Migration[]): Set<string> {
  const names = migrations.flatMap((m) => [...m.sql.matchAll(/\b(?:CREATE TABLE(?: IF NOT EXISTS)?|RENAME TO)\s+["`]?(\w+)["`]?/gi)].map((match) => match[1]!));
  return new Set(names);
}
