// The Piston v2 wire format (https://github.com/engineer-man/piston, docs/api-v2.md) and how one of its
// results becomes a CodeResult. Shared by the runner service, which speaks it, and the client, which reads
// it from this service or from a real Piston server; pure, so the mapping is tested without processes.
import { z } from 'zod';
import type { CodeResult, CodeRunStatus } from '../core/coderun/index.ts';

/** Piston's run.status: runtime error, signal, timeout, stdout/stderr over the cap, internal error. */
export const pistonStatuses = ['RE', 'SG', 'TO', 'OL', 'EL', 'XX'] as const;
export type PistonStatus = (typeof pistonStatuses)[number];

export const pistonFileSchema = z.object({
  name: z.string().optional(),
  content: z.string(),
  encoding: z.enum(['utf8', 'base64', 'hex']).optional(),
});

export const pistonExecuteRequestSchema = z.object({
  language: z.string().min(1, 'language is required as a string'),
  version: z.string().min(1, 'version is required as a string'),
  files: z.array(pistonFileSchema).min(1, 'files must contain at least one file'),
  stdin: z.string().optional(),
  args: z.array(z.string()).optional(),
  run_timeout: z.number().optional(),
  run_memory_limit: z.number().optional(),
});
export type PistonExecuteRequest = z.infer<typeof pistonExecuteRequestSchema>;

export const pistonRunSchema = z.object({
  stdout: z.string(),
  stderr: z.string(),
  output: z.string(),
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  status: z.string().nullable().optional(),
  message: z.string().nullable().optional(),
  wall_time: z.number().nullable().optional(),
  memory: z.number().nullable().optional(),
});
export type PistonRun = z.infer<typeof pistonRunSchema>;

export const pistonExecuteResponseSchema = z.object({
  language: z.string(),
  version: z.string(),
  run: pistonRunSchema,
});
export type PistonExecuteResponse = z.infer<typeof pistonExecuteResponseSchema>;

export const pistonRuntimeSchema = z.object({
  language: z.string(),
  version: z.string(),
  aliases: z.array(z.string()),
  runtime: z.string().optional(),
  /** This project's runner adds the Django version importable in its sandbox (null: none); Piston has no such field. */
  django: z.string().nullable().optional(),
});
export type PistonRuntime = z.infer<typeof pistonRuntimeSchema>;

/** Message this service puts on a run that hit the memory limit; Piston itself has no such status. */
export const MEMORY_LIMIT_MESSAGE = 'Memory limit exceeded';

// Python reports an allocation refused by RLIMIT_AS as a MemoryError traceback ending the stderr.
const MEMORY_ERROR_TAIL = /(?:^|\n)MemoryError\b[^\n]*\n?$/;

/** Whether a run is an internal failure of the runner (status XX) rather than the program's outcome. */
export function isRunnerFailure(run: PistonRun): boolean {
  return run.status === 'XX';
}

export function classifyPistonRun(run: PistonRun): CodeRunStatus {
  if (run.status === 'TO') return 'timeout';
  if (run.status === 'OL' || run.status === 'EL') return 'truncated';
  if (run.message?.startsWith(MEMORY_LIMIT_MESSAGE) || MEMORY_ERROR_TAIL.test(run.stderr)) return 'memory';
  if (run.status === 'SG' || run.signal !== null) return 'killed';
  if (run.status === 'RE' || (run.code !== null && run.code !== 0)) return 'error';
  return 'ok';
}

export function toCodeResult(run: PistonRun, measuredWallMs: number): CodeResult {
  return Object.freeze({
    status: classifyPistonRun(run),
    exitCode: run.signal === null ? run.code : null,
    signal: run.signal,
    stdout: run.stdout,
    stderr: run.stderr,
    output: run.output,
    wallMs: Math.round(run.wall_time ?? measuredWallMs),
  });
}
