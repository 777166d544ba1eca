// Prisma CLI configuration. `engine: "js"` runs migrate/generate on the WASM schema engine through the
// better-sqlite3 driver adapter, so no native engine binary is ever downloaded.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

const databaseUrl = process.env.DATABASE_URL ?? 'file:./data/coach.db';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    // Every CLI command opens the database, even `migrate diff` between two schema files; on a fresh clone
    // its folder (./data) does not exist yet and SQLite would fail with an opaque "External error".
    mkdirSync(path.dirname(databaseUrl.replace(/^file:/, '')), { recursive: true });
    return new PrismaBetterSQLite3({ url: databaseUrl });
  },
});
