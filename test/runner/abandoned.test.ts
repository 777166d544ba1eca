// Callers that give up: a request whose HTTP caller disconnects leaves the queue, or has its job killed if
// it already runs, so the next learner does not wait behind work nobody will read.
import { describe, expect, it } from 'vitest';
import { TEST_TOKEN, hostProcessesOfUids, slotUids, startTestRunner } from '../helpers/runner.ts';

const busyLoop = JSON.stringify({ language: 'python', version: '*', files: [{ content: 'while True: pass' }] });

describe('given callers that hang up before their answer', () => {
  it('given four busy loops whose callers abort, the running one is killed, the queued ones leave, and print(1) runs next', async () => {
    // One slot and a wall clock far beyond the test's timeout: only killing the abandoned jobs lets print(1) through.
    const runner = await startTestRunner({ uidBase: 61800, concurrency: 1, queueLimit: 8, wallMs: 60_000 });
    try {
      const callers = Array.from({ length: 4 }, () => new AbortController());
      const requests = callers.map((caller) =>
        fetch(`${runner.url}/api/v2/execute`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: TEST_TOKEN },
          body: busyLoop,
          signal: caller.signal,
        }).catch((error: Error) => error.name),
      );
      await expect.poll(() => runner.service.stats, { timeout: 10_000 }).toMatchObject({ running: 1, queued: 3 });
      for (const caller of callers) caller.abort();
      expect(await Promise.all(requests)).toEqual(['AbortError', 'AbortError', 'AbortError', 'AbortError']);
      await expect.poll(() => runner.service.stats, { timeout: 10_000 }).toMatchObject({ running: 0, queued: 0, abandoned: 4 });
      expect(hostProcessesOfUids(slotUids(runner), { programsOnly: true })).toEqual([]);

      const next = await runner.run('print(1)');
      expect(next).toMatchObject({ stdout: '1\n', code: 0, status: null });
    } finally {
      await runner.stop();
    }
  });

  it('given a queued job whose caller leaves, only that job goes; the running one finishes for its caller', async () => {
    const runner = await startTestRunner({ uidBase: 61810, concurrency: 1, wallMs: 60_000 });
    try {
      const release = runner.post({ language: 'python', version: '*', files: [{ content: 'import time\nprint("done")\ntime.sleep(0.5)' }] });
      await expect.poll(() => runner.service.stats.running, { timeout: 10_000 }).toBe(1);
      const caller = new AbortController();
      const queued = fetch(`${runner.url}/api/v2/execute`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: TEST_TOKEN },
        body: busyLoop,
        signal: caller.signal,
      }).catch((error: Error) => error.name);
      await expect.poll(() => runner.service.stats.queued, { timeout: 10_000 }).toBe(1);
      caller.abort();
      expect(await queued).toBe('AbortError');
      await expect.poll(() => runner.service.stats, { timeout: 10_000 }).toMatchObject({ queued: 0, abandoned: 1 });
      const finished = await release;
      expect([finished.status, finished.json.run.stdout]).toEqual([200, 'done\n']);
      expect(runner.service.stats.abandoned).toBe(1);
    } finally {
      await runner.stop();
    }
  });
});
