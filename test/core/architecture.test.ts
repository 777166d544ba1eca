// The dependency rule from ARCHITECTURE.md: src/core imports only core/ and zod.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const coreDir = path.resolve(import.meta.dirname, '../../src/core');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

export function forbiddenImports(file: string, source: string): string[] {
  const specifiers = [...source.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  return specifiers.filter((spec) => {
    if (spec === 'zod') return false;
    if (!spec.startsWith('.')) return true; // any package or node: builtin
    const target = path.resolve(path.dirname(file), spec);
    return !target.startsWith(coreDir + path.sep);
  });
}

describe('src/core dependency rule', () => {
  it('given every file in src/core, imports only core files and zod', () => {
    const files = sourceFiles(coreDir);
    expect(files.length).toBeGreaterThan(10);
    const violations = files.flatMap((f) => forbiddenImports(f, readFileSync(f, 'utf8')).map((spec) => `${path.relative(coreDir, f)} -> ${spec}`));
    expect(violations).toEqual([]);
  });

  it('given an SDK, Prisma, node:fs or an outer folder, the scan flags it', () => {
    const file = path.join(coreDir, 'quiz', 'service.ts');
    const source = [
      "import { Client } from 'discord.js';",
      "import { App } from '@slack/bolt';",
      "import { PrismaClient } from '@prisma/client';",
      "import { readFile } from 'node:fs/promises';",
      "import { createPrismaStore } from '../../db/store.ts';",
      "import { z } from 'zod';",
      "import { pickQuestions } from './pick.ts';",
      "const fs = await import('node:fs');",
    ].join('\n');
    expect(forbiddenImports(file, source)).toEqual(['discord.js', '@slack/bolt', '@prisma/client', 'node:fs/promises', '../../db/store.ts', 'node:fs']);
  });
});
