// Starts the real runner service (real HTTP, real sandbox) inside the test process on an ephemeral port.
// Every test file passes its own uid base: files run in parallel and slots must not share a uid, or one
// file's fork bomb would count against another file's process limit.
import { readFileSync, readdirSync } from 'node:fs';
import pino from 'pino';
import type { PistonExecuteResponse, PistonRun } from '../../src/runner/piston.ts';
import type { RunnerConfig } from '../../src/runner/config.ts';
import { type RunnerService, startRunnerService } from '../../src/runner/service.ts';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

export interface TestRunner {
  readonly service: RunnerService;
  readonly config: RunnerConfig;
  readonly url: string;
  /** POSTs a raw body (string) or a request object to /api/v2/execute and returns status and JSON. */
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any }>;
  /** Runs Python through the API and returns Piston's `run` (fails the test on a non-200). */
  run(code: string, options?: { stdin?: string; run_timeout?: number; run_memory_limit?: number }): Promise<PistonRun>;
  stop(): Promise<void>;
}

export async function startTestRunner(overrides: Partial<RunnerConfig> & { uidBase: number }): Promise<TestRunner> {
  const config: RunnerConfig = Object.freeze({
    host: '127.0.0.1',
    port: 0,
    token: TEST_TOKEN,
    concurrency: 2,
    queueLimit: 32,
    wallMs: 5000,
    memoryBytes: 256 * 1024 * 1024,
    outputBytes: 64 * 1024,
    maxProcs: 32,
    logLevel: process.env.LOG_LEVEL ?? 'silent',
    python: '/usr/bin/python3',
    ...overrides,
  });
  const log = pino({ level: config.logLevel });
  const service = await startRunnerService(config, log);
  const url = `${service.url}/api/v2/execute`;

  const post: TestRunner['post'] = async (body, headers = { authorization: TEST_TOKEN }) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  };

  const run: TestRunner['run'] = async (code, options = {}) => {
    const { status, json } = await post({ language: 'python', version: '3', files: [{ name: 'main.py', content: code }], ...options });
    if (status !== 200) throw new Error(`runner answered ${status}: ${JSON.stringify(json)}`);
    return (json as PistonExecuteResponse).run;
  };

  return { service, config, url: service.url, post, run, stop: () => service.stop() };
}

/** Host processes whose command line contains marker: proof that a job left something behind. */
export function hostProcessesWith(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker)) found.push(Number(name));
    } catch {
      // exited while we looked
    }
  }
  return found;
}

// A slot's prepared sandbox runs these, before any program: they are not left-overs of a job.
const SETUP_COMMANDS = new Set(['sh', 'unshare', 'prlimit', 'bwrap']);

/**
 * Host processes running under any of the given uids (the runner's slot uids). With programsOnly, the
 * sandbox an idle slot keeps prepared (still in its setup commands, waiting for its files) does not count.
 */
export function hostProcessesOfUids(uids: number[], options: { programsOnly?: boolean } = {}): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const uid = /^Uid:\s+(\d+)/m.exec(status);
      const command = /^Name:\s+(.*)$/m.exec(status)?.[1];
      if (!uid || !uids.includes(Number(uid[1])) || /^State:\s+Z/m.test(status)) continue;
      if (options.programsOnly && command !== undefined && SETUP_COMMANDS.has(command)) continue;
      found.push(Number(name));
    } catch {
      // exited while we looked
    }
  }
  return found;
}

export function slotUids(runner: TestRunner): number[] {
  return Array.from({ length: runner.config.concurrency }, (_, i) => runner.config.uidBase + i);
}
