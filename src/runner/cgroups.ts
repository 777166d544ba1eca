// Per-slot cgroups that cap a whole job (every process it starts) at the memory and process budget, where
// the host lets us create them. The groups nest under the runner's own cgroup, so whatever limits the host
// put on the runner still hold, and they are removed on shutdown (stale ones from a crash at start-up).
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface JobCgroupReport {
  oomKilled: boolean;
  memoryPeakBytes: number | null;
}

export interface SlotCgroup {
  /**
   * A process joins the slot by writing "0" into each of these itself: cgroup v1 moves the writing thread
   * without the global lock a move by pid takes (that one waits for an RCU grace period, ~10 ms, and
   * stalls every fork on the machine meanwhile).
   */
  readonly joinFiles: readonly string[];
  startJob(): void;
  finishJob(): JobCgroupReport;
  /** Processes still inside: must be none before the slot takes the next job. */
  pids(): number[];
  remove(): void;
}

export interface Cgroups {
  readonly memory: boolean;
  readonly pids: boolean;
  /** Human-readable description of what is enforced, logged at start-up. */
  readonly summary: string;
  /** The runner's own group directories (one per controller hierarchy); gone after dispose(). */
  readonly paths: readonly string[];
  slot(index: number): SlotCgroup | null;
  dispose(): void;
}

const PREFIX = 'interview-coach-runner-';

interface Mount {
  point: string;
  type: string;
  options: string[];
}

function mounts(): Mount[] {
  // mountinfo: "id parent major:minor root point options [optional...] - type source superoptions"
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [left = '', right = ''] = line.split(' - ');
      const [type = '', , superOptions = ''] = right.split(' ');
      return { point: left.split(' ')[4] ?? '', type, options: superOptions.split(',') };
    });
}

function ownCgroupPaths(): Map<string, string> {
  // /proc/self/cgroup: "id:controller[,controller]:path"; v2 is "0::path".
  const byController = new Map<string, string>();
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n').filter(Boolean)) {
    const [, controllers = '', ...rest] = line.split(':');
    const own = rest.join(':');
    for (const controller of controllers === '' ? ['unified'] : controllers.split(',')) byController.set(controller, own);
  }
  return byController;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPids(dir: string): number[] {
  try {
    return readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function removeTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeTree(path.join(dir, entry.name));
  }
  for (const pid of readPids(dir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmdirSync(dir);
}

/** Removes groups left by runners that died without cleaning up; live runners' groups are kept. */
function removeStale(parent: string): void {
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(PREFIX)) continue;
    const owner = Number(name.slice(PREFIX.length));
    if (owner === process.pid || processAlive(owner)) continue;
    try {
      removeTree(path.join(parent, name));
    } catch {
      // still busy: the next start-up tries again
    }
  }
}

function readOomKills(file: string): number {
  const match = /^oom_kill (\d+)$/m.exec(readFileSync(file, 'utf8'));
  return match ? Number(match[1]) : 0;
}

interface Flavour {
  memoryDir: string | null;
  pidsDir: string | null;
  v2: boolean;
}

function createSlot(flavour: Flavour, index: number, memoryBytes: number, maxProcs: number): SlotCgroup {
  const slotName = `slot-${index}`;
  const memoryDir = flavour.memoryDir && path.join(flavour.memoryDir, slotName);
  const pidsDir = flavour.pidsDir && path.join(flavour.pidsDir, slotName);
  const dirs = [...new Set([memoryDir, pidsDir].filter((dir): dir is string => dir !== null))];
  for (const dir of dirs) mkdirSync(dir);
  const v2 = flavour.v2;
  if (memoryDir) {
    if (v2) {
      writeFileSync(path.join(memoryDir, 'memory.max'), String(memoryBytes));
      if (existsSync(path.join(memoryDir, 'memory.swap.max'))) writeFileSync(path.join(memoryDir, 'memory.swap.max'), '0');
    } else {
      writeFileSync(path.join(memoryDir, 'memory.limit_in_bytes'), String(memoryBytes));
      // With swap accounting, memory+swap gets the same cap so a job cannot spill into swap.
      const memsw = path.join(memoryDir, 'memory.memsw.limit_in_bytes');
      if (existsSync(memsw)) writeFileSync(memsw, String(memoryBytes));
    }
  }
  if (pidsDir) writeFileSync(path.join(pidsDir, 'pids.max'), String(maxProcs));

  const oomFile = memoryDir && path.join(memoryDir, v2 ? 'memory.events' : 'memory.oom_control');
  let oomBefore = 0;
  return {
    joinFiles: dirs.map((dir) => path.join(dir, v2 ? 'cgroup.procs' : 'tasks')),
    startJob() {
      if (!memoryDir || !oomFile) return;
      oomBefore = readOomKills(oomFile);
      if (!v2) writeFileSync(path.join(memoryDir, 'memory.max_usage_in_bytes'), '0');
    },
    finishJob() {
      if (!memoryDir || !oomFile) return { oomKilled: false, memoryPeakBytes: null };
      const peakFile = path.join(memoryDir, v2 ? 'memory.peak' : 'memory.max_usage_in_bytes');
      // cgroup v2's memory.peak is the group's lifetime peak, not this job's, so it is not reported.
      const memoryPeakBytes = v2 ? null : Number(readFileSync(peakFile, 'utf8').trim());
      return { oomKilled: readOomKills(oomFile) > oomBefore, memoryPeakBytes };
    },
    pids() {
      return readPids(pidsDir ?? memoryDir ?? '');
    },
    remove() {
      for (const dir of dirs) removeTree(dir);
    },
  };
}

function tryMkdir(parent: string, name: string): string | null {
  try {
    removeStale(parent);
    const dir = path.join(parent, name);
    mkdirSync(dir);
    return dir;
  } catch {
    return null;
  }
}

function detectV1(all: Mount[], own: Map<string, string>, name: string): Flavour | null {
  const dirFor = (controller: string, probe: string): string | null => {
    const mount = all.find((m) => m.type === 'cgroup' && m.options.includes(controller));
    const ownPath = own.get(controller);
    if (!mount || ownPath === undefined) return null;
    const parent = path.join(mount.point, ownPath);
    const dir = tryMkdir(parent, name);
    if (dir && !existsSync(path.join(dir, probe))) {
      rmdirSync(dir);
      return null;
    }
    return dir;
  };
  const memoryDir = dirFor('memory', 'memory.limit_in_bytes');
  const pidsDir = dirFor('pids', 'pids.max');
  return memoryDir || pidsDir ? { memoryDir, pidsDir, v2: false } : null;
}

function detectV2(all: Mount[], own: Map<string, string>, name: string): Flavour | null {
  const mount = all.find((m) => m.type === 'cgroup2');
  const ownPath = own.get('unified');
  if (!mount || ownPath === undefined) return null;
  const parent = path.join(mount.point, ownPath);
  let available: string[] = [];
  try {
    available = readFileSync(path.join(parent, 'cgroup.controllers'), 'utf8').trim().split(/\s+/);
  } catch {
    return null;
  }
  const wanted = ['memory', 'pids'].filter((c) => available.includes(c));
  if (wanted.length === 0) return null;
  const dir = tryMkdir(parent, name);
  if (!dir) return null;
  try {
    // Only works where the host delegated this subtree (or the runner sits in the root group).
    const enable = wanted.map((c) => `+${c}`).join(' ');
    writeFileSync(path.join(parent, 'cgroup.subtree_control'), enable);
    writeFileSync(path.join(dir, 'cgroup.subtree_control'), enable);
  } catch {
    rmdirSync(dir);
    return null;
  }
  return { memoryDir: wanted.includes('memory') ? dir : null, pidsDir: wanted.includes('pids') ? dir : null, v2: true };
}

export function setUpCgroups(options: { slots: number; memoryBytes: number; maxProcs: number }): Cgroups {
  const name = `${PREFIX}${process.pid}`;
  let flavour: Flavour | null = null;
  try {
    const all = mounts();
    const own = ownCgroupPaths();
    flavour = detectV1(all, own, name) ?? detectV2(all, own, name);
  } catch {
    flavour = null;
  }
  if (!flavour) {
    return { memory: false, pids: false, summary: 'no cgroup limits (none writable here)', paths: [], slot: () => null, dispose() {} };
  }
  const found = flavour;
  const paths = [...new Set([found.memoryDir, found.pidsDir].filter((dir): dir is string => dir !== null))];
  let slots: SlotCgroup[];
  try {
    slots = Array.from({ length: options.slots }, (_, i) => createSlot(found, i, options.memoryBytes, options.maxProcs));
  } catch (error) {
    for (const dir of paths) {
      try {
        removeTree(dir);
      } catch {
        // left for the next start-up's stale sweep
      }
    }
    const reason = (error as Error).message;
    return { memory: false, pids: false, summary: `no cgroup limits (setting them failed: ${reason})`, paths: [], slot: () => null, dispose() {} };
  }
  const version = found.v2 ? 'v2' : 'v1';
  const parts = [
    found.memoryDir ? `memory ${options.memoryBytes / 1024 / 1024} MiB per job (${found.memoryDir})` : null,
    found.pidsDir ? `pids ${options.maxProcs} per job (${found.pidsDir})` : null,
  ].filter(Boolean);
  return {
    memory: found.memoryDir !== null,
    pids: found.pidsDir !== null,
    summary: `cgroup ${version}: ${parts.join(', ')}`,
    paths,
    slot: (index) => slots[index] ?? null,
    dispose() {
      for (const slot of slots) {
        try {
          slot.remove();
        } catch {
          // a process still exiting; the next start-up removes the group
        }
      }
      for (const dir of paths) {
        try {
          rmdirSync(dir);
        } catch {
          // as above
        }
      }
    },
  };
}
