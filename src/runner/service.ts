// Assembles the runner: checks the machine can sandbox at all, sets up slots (uid + cgroup each), proves the
// sandbox works with a self-test job, then serves HTTP. stop() is the graceful path used by signals and tests.
import { accessSync, constants as fsConstants } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { type Runtime, pythonRuntime } from './api.ts';
import { type Cgroups, setUpCgroups } from './cgroups.ts';
import type { RunnerConfig } from './config.ts';
import { inheritedFdMask } from './inherited-fds.ts';
import { SandboxJob, cpuSecondsFor } from './job.ts';
import { type PoolStats, SandboxPool } from './pool.ts';
import { PythonSetupError, inspectPython } from './python.ts';
import { processesOfUid } from './reaper.ts';
import { OPEN_FILES, SANDBOX_TOOLS, SHM_BYTES, TMP_BYTES } from './sandbox-command.ts';
import { type Slot, runInSandbox } from './sandbox.ts';
import { createRunnerServer } from './server.ts';

export class RunnerStartError extends Error {
  override readonly name = 'RunnerStartError';
}

export interface LimitsInForce {
  readonly wallMs: number;
  readonly memory: string;
  readonly processes: string;
  readonly outputBytes: number;
  readonly disk: string;
  readonly network: string;
  readonly cgroups: string;
  readonly slotUids: string;
}

export interface RunnerService {
  readonly url: string;
  readonly port: number;
  readonly runtime: Runtime;
  readonly limits: LimitsInForce;
  readonly cgroups: Pick<Cgroups, 'memory' | 'pids' | 'paths'>;
  readonly stats: PoolStats;
  stop(): Promise<void>;
}

function checkMachine(): void {
  if (process.getuid?.() !== 0) {
    throw new RunnerStartError('runner must start as root: it drops every job to its own uid and network namespace (or point the bot at a Piston server)');
  }
  for (const tool of Object.values(SANDBOX_TOOLS)) {
    try {
      accessSync(tool, fsConstants.X_OK);
    } catch {
      throw new RunnerStartError(`runner needs ${tool} (Debian packages: bubblewrap, util-linux, coreutils)`);
    }
  }
}

async function selfTest(slot: Slot, config: RunnerConfig, log: Logger): Promise<{ version: string; django: string | null }> {
  const probe = [
    'import sys',
    'print("%d.%d.%d" % sys.version_info[:3])',
    'try:',
    '    import django',
    '    print(django.get_version())',
    'except ImportError:',
    '    print("")',
  ].join('\n');
  const job = new SandboxJob({
    files: [{ name: 'main.py', content: Buffer.from(probe) }],
    limits: { wallMs: 10_000, memoryBytes: config.memoryBytes, outputBytes: 4096, maxProcs: config.maxProcs, cpuSeconds: 10 },
  });
  let detail: string;
  try {
    const result = await runInSandbox(job, slot, log);
    const [version = '', django = ''] = result.stdout.toString('utf8').split('\n');
    if (result.code === 0 && /^\d+\.\d+\.\d+$/.test(version)) return { version, django: django || null };
    detail = `exit ${result.rawExitCode}: ${result.stderr.toString('utf8').trim().split('\n').pop() ?? ''}`;
  } catch (error) {
    detail = (error as Error).message;
  }
  throw new RunnerStartError(`sandbox self-test failed: ${detail}`);
}

function describeLimits(config: RunnerConfig, cgroups: Cgroups): LimitsInForce {
  const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
  return Object.freeze({
    wallMs: config.wallMs,
    memory: `RLIMIT_AS ${mib(config.memoryBytes)} per process${cgroups.memory ? ` + cgroup ${mib(config.memoryBytes)} per job` : ''}`,
    processes: `RLIMIT_NPROC ${config.maxProcs} per slot uid${cgroups.pids ? ` + cgroup pids.max ${config.maxProcs} per job` : ''}`,
    outputBytes: config.outputBytes,
    disk: `read-only system, /tmp ${mib(TMP_BYTES)} + /dev/shm ${mib(SHM_BYTES)} tmpfs, RLIMIT_FSIZE ${mib(TMP_BYTES)}, ${OPEN_FILES} open files`,
    network: 'none: own network namespace, no interface up (not even loopback)',
    cgroups: cgroups.summary,
    slotUids: `${config.uidBase}-${config.uidBase + config.concurrency - 1}`,
  });
}

async function findPython(config: RunnerConfig) {
  try {
    return await inspectPython(config.python, config.uidBase);
  } catch (error) {
    throw error instanceof PythonSetupError ? new RunnerStartError(error.message) : error;
  }
}

export async function startRunnerService(config: RunnerConfig, log: Logger): Promise<RunnerService> {
  checkMachine();
  const python = await findPython(config);
  const slots: Slot[] = [];
  const cgroups = setUpCgroups({ slots: config.concurrency, memoryBytes: config.memoryBytes, maxProcs: config.maxProcs });
  for (let index = 0; index < config.concurrency; index += 1) {
    const uid = config.uidBase + index;
    // Sandboxes die with their runner, so a process under a slot uid means another runner uses it; sharing
    // would mix their process limits and each would sweep the other's jobs.
    const inUse = await processesOfUid(uid);
    if (inUse.length > 0) {
      cgroups.dispose();
      throw new RunnerStartError(`uid ${uid} already runs processes (pid ${inUse.join(', ')}): another runner? Give each runner its own RUNNER_UID_BASE`);
    }
    slots.push(Object.freeze({ index, uid, cgroup: cgroups.slot(index), python }));
  }
  let probe: { version: string; django: string | null };
  try {
    probe = await selfTest(slots[0] as Slot, config, log);
  } catch (error) {
    cgroups.dispose();
    throw error;
  }
  const { version, django } = probe;
  if (django === null) log.warn('Django is not importable in the sandbox: install python3-django, or point RUNNER_PYTHON at a virtualenv with Django');
  const runtime = pythonRuntime(version, django);
  const limits = describeLimits(config, cgroups);
  const usualShape = {
    fileNames: ['main.py'],
    args: [],
    memoryBytes: config.memoryBytes,
    maxProcs: config.maxProcs,
    cpuSeconds: cpuSecondsFor(config.wallMs),
  };
  const pool = new SandboxPool(slots, config.queueLimit, log, usualShape);
  let stopping: Promise<void> | undefined;
  const server = createRunnerServer({ config, runtime, pool, log, stopping: () => stopping !== undefined });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, resolve);
    });
  } catch (error) {
    await pool.close();
    cgroups.dispose();
    throw new RunnerStartError(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  const maskedFds = inheritedFdMask().fds;
  log.info({ url, python: version, django, interpreter: python.path, binds: python.binds, slots: config.concurrency, queueLimit: config.queueLimit, limits, auth: config.token !== null, maskedFds }, 'runner ready');
  if (config.token === null) log.warn('RUNNER_TOKEN is not set: anyone who can reach this port can run code');

  const stop = () => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), 1000);
      await closed;
      clearTimeout(grace);
      cgroups.dispose();
      log.info('runner stopped');
    })();
    return stopping;
  };
  return Object.freeze({
    url,
    port,
    runtime,
    limits,
    cgroups: Object.freeze({ memory: cgroups.memory, pids: cgroups.pids, paths: cgroups.paths }),
    get stats() {
      return pool.stats;
    },
    stop,
  });
}
