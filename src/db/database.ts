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
  try {
    const migrations = applyMigrations(raw, migrationsDir);
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
    throw error;
  }
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
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new DatabaseError(`DATABASE_URL: ${file} is not a usable SQLite database (${(error as Error).message}); nothing was changed. Point DATABASE_URL at a new file or restore a backup`);
    }
    throw error;
  }
}
