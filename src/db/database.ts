// Opens the SQLite database for the bot in two steps: prepare() runs on a plain better-sqlite3 connection
// (migrations, then whatever the caller needs before serving, such as the content import) and closes it;
// then Prisma connects through the better-sqlite3 driver adapter in WAL mode.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '@prisma/client';
import { applyMigrations, openSqlite, type MigrationResult } from './migrate.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

export interface OpenedDatabase<T> {
  prisma: PrismaClient;
  file: string;
  migrations: MigrationResult;
  prepared: T;
  close(): Promise<void>;
}

/** Accepts `file:./data/coach.db` (relative to the working directory) or a plain path. */
export function sqliteFile(databaseUrl: string): string {
  const raw = databaseUrl.startsWith('file:') ? databaseUrl.slice('file:'.length) : databaseUrl;
  return path.resolve(raw);
}

export async function openDatabase<T = undefined>(
  databaseUrl: string,
  prepare: (db: BetterSqlite3.Database) => Promise<T> = async () => undefined as T,
): Promise<OpenedDatabase<T>> {
  const file = sqliteFile(databaseUrl);
  mkdirSync(path.dirname(file), { recursive: true });
  const raw = openSqlite(file);
  let migrations: MigrationResult;
  let prepared: T;
  try {
    migrations = applyMigrations(raw, MIGRATIONS_DIR);
    prepared = await prepare(raw);
  } finally {
    raw.close();
  }
  // busy timeout: a second process (a benchmark, the CLI) may hold the write lock for a moment.
  const adapter = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 5000 });
  const prisma = new PrismaClient({ adapter });
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await prisma.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  return { prisma, file, migrations, prepared, close: () => prisma.$disconnect() };
}
