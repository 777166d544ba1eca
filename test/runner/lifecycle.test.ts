// The runner's lifecycle in-process: graceful shutdown and the start-ups it must refuse.
import { existsSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { TEST_TOKEN, hostProcessesOfUids, slotUids, startTestRunner } from '../helpers/runner.ts';

describe('given the runner starting and stopping', () => {
  it('given a shutdown while jobs run and wait, they are answered 503, killed, and the server closes', async () => {
    const runner = await startTestRunner({ uidBase: 61320, concurrency: 1, queueLimit: 4 });
    const forever = { language: 'python', version: '*', files: [{ content: 'import time\nwhile True:\n    time.sleep(1)' }] };
    const running = runner.post(forever);
    const queued = runner.post(forever);
    await expect.poll(() => runner.service.stats.queued).toBe(1);
    await runner.stop();
    expect((await running).status).toBe(503);
    expect((await queued).status).toBe(503);
    expect(hostProcessesOfUids(slotUids(runner))).toEqual([]);
    expect(runner.service.cgroups.paths.filter((dir) => existsSync(dir))).toEqual([]);
    await expect(fetch(`${runner.url}/api/v2/runtimes`, { headers: { authorization: TEST_TOKEN } })).rejects.toThrow();
  });

  it('given a port already in use, start-up fails with the reason and leaves no sandbox behind', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      await expect(startTestRunner({ uidBase: 61330, port })).rejects.toThrow(`cannot listen on 127.0.0.1:${port}: listen EADDRINUSE`);
      expect(hostProcessesOfUids([61330, 61331])).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('given another runner already using the slot uids, start-up refuses instead of sharing them', async () => {
    const first = await startTestRunner({ uidBase: 61340 });
    try {
      await expect(startTestRunner({ uidBase: 61341 })).rejects.toThrow(/uid 61341 already runs processes .*RUNNER_UID_BASE/);
      expect((await first.run('print("first still fine")')).stdout).toBe('first still fine\n');
    } finally {
      await first.stop();
    }
  });
});
