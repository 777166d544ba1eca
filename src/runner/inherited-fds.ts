// File descriptors the runner inherited without close-on-exec (from a shell, a supervisor, a test runner)
// would be inherited by every sandbox too, and could be a pipe into something outside. Node cannot close
// them in the child, but it can put /dev/null over them: the sandbox then sees only its stdio and files.
import { openSync, readFileSync, readdirSync } from 'node:fs';

const O_CLOEXEC = 0o2000000;

export function inheritableFds(): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc/self/fdinfo')) {
    const fd = Number(name);
    if (!Number.isInteger(fd) || fd < 3) continue;
    try {
      const flags = /^flags:\s+([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${name}`, 'utf8'));
      if (flags && (Number.parseInt(flags[1] ?? '0', 8) & O_CLOEXEC) === 0) found.push(fd);
    } catch {
      // closed while we looked (the directory listing itself)
    }
  }
  return found;
}

export type StdioEntry = 'pipe' | 'ignore' | number;

/** Extends a spawn stdio list so every inheritable fd beyond it is replaced by /dev/null in the child. */
export function maskInheritedFds(stdio: StdioEntry[], inherited: readonly number[], devNull: number): StdioEntry[] {
  const masked = [...stdio];
  for (const fd of inherited) {
    if (fd < masked.length) continue; // already replaced by one of the job's own descriptors
    while (masked.length < fd) masked.push('ignore');
    masked[fd] = devNull;
  }
  return masked;
}

let cached: { fds: number[]; devNull: number } | undefined;

/** Computed once: the set only grows when someone opens descriptors without O_CLOEXEC, which Node never does. */
export function inheritedFdMask(): { fds: readonly number[]; devNull: number } {
  if (!cached) {
    const fds = inheritableFds();
    cached = { fds, devNull: fds.length > 0 ? openSync('/dev/null', 'r+') : -1 };
  }
  return cached;
}
