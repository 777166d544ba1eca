// Applies pending migrations from prisma/migrations at start-up. It keeps Prisma's own bookkeeping table
// (_prisma_migrations, same checksum) so `prisma migrate deploy` and `prisma migrate status` agree with it,
// but runs in-process: spawning the Prisma CLI would cost about a second of every cold start.
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

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

/** The start-up connection (migrations, content import); Prisma opens its own afterwards. */
export function openSqlite(file: string): Database.Database {
  const db = new Database(file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  return db;
}

export function applyMigrations(db: Database.Database, migrationsDir: string): MigrationResult {
  const names = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(migrationsDir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort();
  db.exec(BOOKKEEPING);
  const done = new Map(
    (db.prepare('SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').all() as { migration_name: string; checksum: string }[]).map((r) => [r.migration_name, r.checksum]),
  );
  const applied: string[] = [];
  for (const name of names) {
    const sql = readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8');
    const checksum = createHash('sha256').update(sql).digest('hex');
    const previous = done.get(name);
    if (previous !== undefined) {
      if (previous !== checksum) throw new Error(`migration ${name} was edited after it was applied; add a new migration instead`);
      continue;
    }
    // One transaction per migration: a failure leaves the database exactly as the previous migration left it.
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)').run(
        randomUUID(),
        checksum,
        Date.now(),
        name,
        Date.now(),
      );
    })();
    applied.push(name);
  }
  return { applied, total: names.length };
}
