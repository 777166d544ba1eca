// Opens the SQLite database for the bot: creates its folder, applies pending migrations, then connects
// Prisma through the better-sqlite3 driver adapter in WAL mode.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '@prisma/client';
import { applyMigrations, type MigrationResult } from './migrate.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

export interface OpenedDatabase {
  prisma: PrismaClient;
  file: string;
  migrations: MigrationResult;
  close(): Promise<void>;
}

/** Accepts `file:./data/coach.db` (relative to the working directory) or a plain path. */
export function sqliteFile(databaseUrl: string): string {
  const raw = databaseUrl.startsWith('file:') ? databaseUrl.slice('file:'.length) : databaseUrl;
  return path.resolve(raw);
}

export async function openDatabase(databaseUrl: string): Promise<OpenedDatabase> {
  const file = sqliteFile(databaseUrl);
  mkdirSync(path.dirname(file), { recursive: true });
  const migrations = applyMigrations(file, MIGRATIONS_DIR);
  // busy timeout: a second process (a benchmark, the CLI) may hold the write lock for a moment.
  const adapter = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 5000 });
  const prisma = new PrismaClient({ adapter });
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await prisma.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  return { prisma, file, migrations, close: () => prisma.$disconnect() };
}
