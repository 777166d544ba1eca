// The one way the bot reaches its database at run time. Every statement runs synchronously on a single
// better-sqlite3 connection, and every group of writes is one synchronous `write(fn)` transaction, so no
// statement of one handler can ever run inside another handler's transaction: nothing else runs on the
// event loop while a transaction is open. An async callback is refused, because an await inside a
// transaction is exactly what would let another handler's statements in.
import Database from 'better-sqlite3';
import { CoachError } from '../core/errors.ts';

export type SqlValue = string | number | bigint | null | Buffer;

export interface Sql {
  all<T>(sql: string, ...params: SqlValue[]): T[];
  get<T>(sql: string, ...params: SqlValue[]): T | undefined;
  run(sql: string, ...params: SqlValue[]): { changes: number };
}

export interface SqliteConnection extends Sql {
  /** Runs fn in one IMMEDIATE transaction (the write lock is taken first, so other processes wait). */
  write<T>(fn: (tx: Sql) => T): T;
  readonly file: string;
  close(): void;
}

/** How long a statement waits for another process's write lock before failing (a migration, an import). */
export const BUSY_TIMEOUT_MS = 15_000;

/** WAL lets readers in other processes (a second instance, the Prisma CLI) work while this one writes. */
export function openSqlite(file: string, options: { wal?: boolean } = {}): Database.Database {
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  if (options.wal ?? true) db.pragma('journal_mode = WAL');
  return db;
}

export function createSqliteConnection(db: Database.Database): SqliteConnection {
  // Prepared once per SQL text: preparing costs more than running these small statements.
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const sql: Sql = {
    all: <T>(text: string, ...params: SqlValue[]) => storageErrors(() => prepare(text).all(...params) as T[]),
    get: <T>(text: string, ...params: SqlValue[]) => storageErrors(() => prepare(text).get(...params) as T | undefined),
    run: (text, ...params) => storageErrors(() => ({ changes: prepare(text).run(...params).changes })),
  };
  // Wrapped once: better-sqlite3 builds a new wrapper (and its BEGIN/COMMIT handling) on every transaction() call.
  const transaction = db.transaction((fn: (tx: Sql) => unknown) => {
    const result = fn(sql);
    if (result && typeof (result as { then?: unknown }).then === 'function') {
      throw new Error('database write callbacks must be synchronous: an await inside a transaction lets other handlers in');
    }
    return result;
  });
  return {
    ...sql,
    file: db.name,
    write<T>(fn: (tx: Sql) => T): T {
      try {
        return transaction.immediate(fn) as T;
      } catch (error) {
        // The transaction was rolled back; say why in words the learner and the admin can act on.
        throw asStorageError(error);
      }
    },
    close: () => db.close(),
  };
}

/**
 * A full disk becomes the one storage-full error whichever statement meets it, in a transaction or not.
 * I/O errors are left as they are: "the disk is full" would not be the truth about a failing disk.
 */
function asStorageError(error: unknown): unknown {
  return (error as { code?: string }).code === 'SQLITE_FULL' ? new CoachError('storage-full', { cause: error }) : error;
}

function storageErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw asStorageError(error);
  }
}

/** SQLite's unique-constraint failure, whatever the statement. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
