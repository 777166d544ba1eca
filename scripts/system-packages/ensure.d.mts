// Types for ensure.mjs (plain JavaScript so it runs before dependencies are installed).
import type { Facts } from './decide.mjs';
export interface ExecResult {
  status: number | null;
  stdout: string;
  stderr: string;
}
export interface Io {
  exec(argv: string[], env?: Record<string, string>): ExecResult;
  readText(file: string): string | null;
  list(dir: string): string[];
  write(file: string, content: string): void;
  log(line: string): void;
  uid(): number;
}
export const realIo: Io;
export function gatherFacts(io: Io): Facts;
export function ensureSystemPackages(io?: Io): number;
