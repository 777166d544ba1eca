// Opens the bot's SQLite database: checks the file is a database this code may use, applies migrations,
// runs what the caller needs before serving (the content import), and then serves everything through one
// connection (see sqlite.ts for why one, and why synchronous).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { applyMigrations, MigrationError, type MigrationResult } from './migrate.ts';
import { createSqliteConnection, openSqlite, type SqliteConnection } from './sqlite.ts';
import { startCheckpointer } from './checkpointer.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

export interface OpenedDatabase<T> {
  sql: SqliteConnection;
  file: string;
  migrations: MigrationResult;
  prepared: T;
  /** Settles when checkpoints have moved off the event loop (a few seconds after opening). */
  checkpointing: Promise<void>;
  close(): Promise<void>;
}

/** Accepts `file:./data/coach.db` (relative to the working directory) or a plain path. */
export function sqliteFile(databaseUrl: string): string {
  const raw = databaseUrl.startsWith('file:') ? databaseUrl.slice('file:'.length) : databaseUrl;
  return path.resolve(raw);
}

export class DatabaseError extends Error {}

export async function openDatabase<T = undefined>(
  databaseUrl: string,
  prepare: (db: Database.Database) => Promise<T> = async () => undefined as T,
  migrationsDir = MIGRATIONS_DIR,
): Promise<OpenedDatabase<T>> {
  const file = sqliteFile(databaseUrl);
  mkdirSync(path.dirname(file), { recursive: true });
  const raw = openChecked(file);
  let applied: string[] = [];
  try {
    const migrations = applyMigrations(raw, migrationsDir);
    applied = migrations.applied;
    // Only now: a file that is refused above must not even have its journal mode changed.
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    const prepared = await prepare(raw);
    const checkpointer = startCheckpointer(file, {
      onReady: () => raw.open && raw.pragma('wal_autocheckpoint = 0'),
      onFailure: () => raw.open && raw.pragma('wal_autocheckpoint = 1000'),
    });
    const sql = createSqliteConnection(raw);
    // Idempotent: a second close (a test's, a signal's) waits for the first.
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        await checkpointer.stop();
        sql.close();
      })());
    return { sql, file, migrations, prepared, checkpointing: checkpointer.running, close };
  } catch (error) {
    raw.close();
    if (error instanceof MigrationError) throw new DatabaseError(`DATABASE_URL: ${error.message}`);
    // Damage in a page that only the migrations or the content import read (the first check reads the
    // schema alone). Their transactions rolled back; only the journal mode may have been switched to WAL.
    if (isCorruption(error)) throw unusable(file, error, applied.length > 0 ? `only migrations ${applied.join(', ')} were applied before the damage was found` : 'none of its data was changed');
    throw error;
  }
}

/**
 * Not checked up front with `PRAGMA quick_check`: it reads every page, about 14 ms at 10,000 answers and
 * 220 ms at 100,000 on this machine, a cost every start would pay as history grows. Damage is found by the
 * first statement that reads the damaged page instead, and named the same way.
 */
function isCorruption(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || (code?.startsWith('SQLITE_CORRUPT_') ?? false);
}

function unusable(file: string, error: unknown, changed: string): DatabaseError {
  return new DatabaseError(`DATABASE_URL: ${file} is not a usable SQLite database (${(error as Error).message}); ${changed}. Point DATABASE_URL at a new file or restore a backup`);
}

/** Opens the file, turning SQLite's "not a database" into a sentence that names the variable. */
function openChecked(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = openSqlite(file, { wal: false });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    db?.close();
    if (isCorruption(error)) throw unusable(file, error, 'nothing was changed');
    throw error;
  }
}
