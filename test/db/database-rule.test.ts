// The one rule for database work (ARCHITECTURE.md): at run time only src/db/sqlite.ts runs statements,
// and a transaction is a synchronous function, so no statement can run inside another handler's.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSqliteConnection } from '../../src/db/sqlite.ts';

const srcDir = path.resolve(import.meta.dirname, '../../src');
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

describe('who may reach the database', () => {
  it('given every source file, only the db folder and the start-up content import use better-sqlite3, and nothing uses the Prisma client', () => {
    const users = sourceFiles(srcDir)
      .filter((f) => /from ['"](better-sqlite3|@prisma\/client)['"]/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(srcDir, f))
      .sort();
    expect(users).toEqual(['content/importer.ts', 'db/database.ts', 'db/migrate.ts', 'db/sqlite.ts']);
  });

  it('given an async callback for a write, refuses it and rolls back what it did', () => {
    const sql = createSqliteConnection(new Database(':memory:'));
    sql.run('CREATE TABLE t (n INTEGER)');
    expect(() => sql.write(async (tx) => tx.run('INSERT INTO t VALUES (1)'))).toThrow('database write callbacks must be synchronous: an await inside a transaction lets other handlers in');
    expect(sql.all('SELECT n FROM t')).toEqual([]);
    sql.close();
  });
});
