// The dependency rule from ARCHITECTURE.md: src/core imports only core/ and zod.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const coreDir = path.resolve(import.meta.dirname, '../../src/core');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

function importSpecifiers(source: string): string[] {
  return [...source.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

export function forbiddenImports(file: string, source: string): string[] {
  const specifiers = importSpecifiers(source);
  return specifiers.filter((spec) => {
    if (spec === 'zod') return false;
    if (!spec.startsWith('.')) return true; // any package or node: builtin
    const target = path.resolve(path.dirname(file), spec);
    return !target.startsWith(coreDir + path.sep);
  });
}

/** A feature is a folder of src/core with an index.ts; `content` (the catalog and its model, no index) is shared by all. */
const isFeature = (dir: string) => existsSync(path.join(coreDir, dir, 'index.ts'));

/** Imports from a feature's file into another feature's files other than its index.ts. */
export function crossFeatureImports(file: string, source: string): string[] {
  const from = path.relative(coreDir, file).split(path.sep);
  if (from.length < 2 || !isFeature(from[0]!)) return [];
  return importSpecifiers(source).filter((spec) => {
    if (!spec.startsWith('.')) return false;
    const to = path.relative(coreDir, path.resolve(path.dirname(file), spec)).split(path.sep);
    return to.length === 2 && to[0] !== from[0] && isFeature(to[0]!) && to[1] !== 'index.ts';
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

  it("given every feature file, imports another feature only through that feature's index.ts", () => {
    const violations = sourceFiles(coreDir).flatMap((f) => crossFeatureImports(f, readFileSync(f, 'utf8')).map((spec) => `${path.relative(coreDir, f)} -> ${spec}`));
    expect(violations).toEqual([]);
  });

  it("given a feature reaching into another feature's file, the scan flags it and nothing else", () => {
    const file = path.join(coreDir, 'coderun', 'format.ts');
    const source = [
      "import { neutraliseMentions } from '../text/mentions.ts';",
      "import { splitMessage } from '../text/index.ts';",
      "import type { Exercise } from '../content/model.ts';",
      "import type { CodeResult } from './types.ts';",
      "import { UserError } from '../errors.ts';",
      "export { pickQuestions } from '../quiz/pick.ts';",
    ].join('\n');
    expect(crossFeatureImports(file, source)).toEqual(['../text/mentions.ts', '../quiz/pick.ts']);
    expect(crossFeatureImports(path.join(coreDir, 'router.ts'), "import { x } from './quiz/pick.ts';")).toEqual([]);
  });
});
