// Runs after `npm install`: makes sure the native SQLite driver really built. npm 11 may skip dependency
// install scripts that are not approved, so this does not rely on them. (Prisma is used for the schema and
// its migrations only; the bot reaches SQLite through better-sqlite3, so no Prisma client is generated.)
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');

function sqliteWorks() {
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').prepare('select 1').get();
    return true;
  } catch (error) {
    console.log(`setup: better-sqlite3 is not usable yet (${error.message.split('\n')[0]})`);
    return false;
  }
}

function buildSqlite() {
  const pkgDir = path.dirname(require.resolve('better-sqlite3/package.json'));
  // npm exposes its bundled node-gyp to lifecycle scripts; compiling from source needs no download
  // because npm is configured with the local Node headers (nodedir).
  const nodeGyp = process.env.npm_config_node_gyp;
  const [cmd, args] = nodeGyp && existsSync(nodeGyp) ? [process.execPath, [nodeGyp, 'rebuild', '--release']] : ['npx', ['--yes', 'node-gyp', 'rebuild', '--release']];
  console.log('setup: building better-sqlite3 from source (about two minutes on 2 cores)');
  execFileSync(cmd, args, { cwd: pkgDir, stdio: 'inherit' });
}

if (!sqliteWorks()) {
  buildSqlite();
  if (!sqliteWorks()) {
    console.error('setup: better-sqlite3 still does not load after building it; see the build output above');
    process.exit(1);
  }
}
console.log('setup: better-sqlite3 ok');
