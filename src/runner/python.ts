// Checks RUNNER_PYTHON before any sandbox is built: that it exists, is executable and is a Python 3, and
// which host directories outside /usr it needs (a virtualenv, a Python built under /opt), which the
// sandbox then binds read-only at the same paths. The probe runs as a slot uid with an empty environment,
// so an interpreter the jobs could not read fails here, in one line, instead of in every job.
import { spawn } from 'node:child_process';
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PythonInstall } from './sandbox-command.ts';

export class PythonSetupError extends Error {
  override readonly name = 'PythonSetupError';
}

const FIX = "set RUNNER_PYTHON to a Python 3 interpreter such as /usr/bin/python3 or a virtualenv's bin/python";
const PROBE_TIMEOUT_MS = 10_000;
const PROBE = 'import json, sys; print(json.dumps([sys.version_info[0], sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]))';

function refuse(file: string, problem: string): never {
  throw new PythonSetupError(`RUNNER_PYTHON=${file} ${problem}: ${FIX}`);
}

function probe(file: string, uid: number): Promise<{ code: number | null; stdout: string; stderr: string; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, ['-I', '-c', PROBE], { uid, gid: uid, cwd: '/', env: {}, stdio: ['ignore', 'pipe', 'pipe'], timeout: PROBE_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data) => (stdout += data));
    child.stderr.on('data', (data) => (stderr += data));
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: null, stdout, stderr, error: error.code ?? error.message }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const under = (dir: string, parent: string) => dir === parent || dir.startsWith(`${parent}/`);

/** The fewest directories that cover every path given, leaving out what /usr (bound anyway) covers. */
export function bindsFor(paths: readonly string[]): string[] {
  const wanted = [...new Set(paths.map((p) => path.resolve(p)))].filter((dir) => !under(dir, '/usr')).sort();
  return wanted.filter((dir, i) => !wanted.slice(0, i).some((earlier) => under(dir, earlier)));
}

export async function inspectPython(file: string, uid: number): Promise<PythonInstall> {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    refuse(file, 'does not exist');
  }
  if (!stat.isFile() || (stat.mode & 0o111) === 0) refuse(file, 'is not an executable file');
  const result = await probe(file, uid);
  if (result.error === 'EACCES') refuse(file, `cannot be run by the job uid ${uid} (every directory above it must be world-readable)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    // not JSON: refused just below
  }
  if (!Array.isArray(parsed) || parsed.length !== 5 || parsed.slice(1).some((p) => typeof p !== 'string')) {
    const said = (result.stderr.trim().split('\n').pop() ?? '').slice(0, 120);
    refuse(file, `is not a Python 3 interpreter (${result.error ?? `exit ${result.code}`}${said ? `: ${said}` : ''})`);
  }
  const [major, ...prefixes] = parsed as [number, ...string[]];
  if (major !== 3) refuse(file, `is Python ${major}, not Python 3`);
  // Real paths, so /bin/python3 (a /usr/bin link on merged-/usr systems) needs nothing beyond /usr.
  const real = (dir: string) => {
    try {
      return realpathSync(dir);
    } catch {
      return dir;
    }
  };
  const binds = bindsFor([...prefixes, path.dirname(file), path.dirname(realpathSync(file))].map(real));
  if (binds.includes('/')) refuse(file, 'needs the whole file system (its prefix is /)');
  return Object.freeze({ path: file, binds: Object.freeze(binds) });
}
