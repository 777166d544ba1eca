// From a Piston v2 execute request to a SandboxJob, with the runner's rules: which runtime, how big, which
// limits a caller may ask for (lower than the configured ones, never higher). Errors carry the HTTP status.
import { describeIssue, type IssueLike } from '../core/zod-issue.ts';
import { type PistonExecuteRequest, type PistonRuntime, pistonExecuteRequestSchema } from './piston.ts';
import type { RunnerConfig } from './config.ts';
import { SandboxJob, type SandboxFile, cpuSecondsFor } from './job.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_CODE_BYTES = 64 * 1024;
export const MAX_STDIN_BYTES = 64 * 1024;
export const MAX_FILES = 8;
export const MAX_ARGS = 32;
const MIN_MEMORY_BYTES = 32 * 1024 * 1024;
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Piston's runtime entry plus `django`: the version importable in the sandbox, or null (Piston clients ignore it). */
export interface Runtime extends PistonRuntime {
  readonly language: 'python';
  readonly django: string | null;
}

export function pythonRuntime(version: string, django: string | null): Runtime {
  return Object.freeze({ language: 'python', version, aliases: ['py', 'py3', 'python3'], django });
}

/** Piston-style version selector: "*", "3", "3.x", "3.11", "3.11.2", "3.11.*". */
export function versionMatches(selector: string, version: string): boolean {
  const wanted = selector.trim().replace(/^v/, '').split('.');
  const actual = version.split('.');
  if (wanted.length > actual.length) return false;
  return wanted.every((part, i) => part === '*' || part.toLowerCase() === 'x' || part === actual[i]);
}

const issueText = (error: { issues: IssueLike[] }) => describeIssue(error.issues, 'invalid request');

export function parseExecuteBody(body: string): PistonExecuteRequest {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new ApiError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = pistonExecuteRequestSchema.safeParse(json);
  if (!parsed.success) throw new ApiError(400, issueText(parsed.error));
  return parsed.data;
}

function toFiles(request: PistonExecuteRequest): SandboxFile[] {
  if (request.files.length > MAX_FILES) throw new ApiError(400, `files may hold at most ${MAX_FILES} files`);
  const names = new Set<string>();
  const files = request.files.map((file, i) => {
    const name = file.name?.trim() || (i === 0 ? 'main.py' : `file${i}.code`);
    if (!FILE_NAME.test(name)) throw new ApiError(400, `files[${i}].name must be a plain file name (letters, digits, _ . -)`);
    if (names.has(name)) throw new ApiError(400, `files[${i}].name repeats "${name}"`);
    names.add(name);
    return { name, content: Buffer.from(file.content, file.encoding ?? 'utf8') };
  });
  const total = files.reduce((sum, file) => sum + file.content.length, 0);
  if (total > MAX_CODE_BYTES) throw new ApiError(413, `code is ${total} bytes; the limit is ${MAX_CODE_BYTES}`);
  return files;
}

function limit(name: string, requested: number | undefined, configured: number, minimum: number): number {
  // Piston treats an absent, zero or -1 limit as "the configured maximum".
  if (requested === undefined || requested === 0 || requested === -1) return configured;
  if (!Number.isFinite(requested) || requested < 0) throw new ApiError(400, `${name} must be non-negative`);
  if (requested > configured) throw new ApiError(400, `${name} cannot exceed the configured limit of ${configured}`);
  if (requested < minimum) throw new ApiError(400, `${name} must be at least ${minimum}`);
  return Math.ceil(requested);
}

export function toSandboxJob(request: PistonExecuteRequest, runtime: Runtime, config: RunnerConfig): SandboxJob {
  const language = request.language.toLowerCase();
  if ((language !== runtime.language && !runtime.aliases.includes(language)) || !versionMatches(request.version, runtime.version)) {
    throw new ApiError(400, `${request.language}-${request.version} runtime is unknown`);
  }
  const files = toFiles(request);
  const stdin = Buffer.from(request.stdin ?? '', 'utf8');
  if (stdin.length > MAX_STDIN_BYTES) throw new ApiError(413, `stdin is ${stdin.length} bytes; the limit is ${MAX_STDIN_BYTES}`);
  const args = request.args ?? [];
  if (args.length > MAX_ARGS || args.some((arg) => arg.length > 1024 || arg.includes('\0'))) {
    throw new ApiError(400, `args may hold at most ${MAX_ARGS} strings of up to 1024 characters, without NUL`);
  }
  return new SandboxJob({
    files,
    stdin,
    args,
    limits: {
      wallMs: limit('run_timeout', request.run_timeout, config.wallMs, 1),
      memoryBytes: limit('run_memory_limit', request.run_memory_limit, config.memoryBytes, MIN_MEMORY_BYTES),
      outputBytes: config.outputBytes,
      maxProcs: config.maxProcs,
      // From the configured wall limit, not the requested one, so every job fits a sandbox prepared in advance.
      cpuSeconds: cpuSecondsFor(config.wallMs),
    },
  });
}
