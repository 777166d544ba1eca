// Bounded concurrency and the bounded queue, over real HTTP with real sandboxes.
import { describe, expect, it } from 'vitest';
import { hostProcessesOfUids, slotUids, startTestRunner } from '../helpers/runner.ts';

describe('given concurrent and queued jobs', () => {
  it('given 20 jobs at once, all are answered with their own output and none is lost', async () => {
    const runner = await startTestRunner({ uidBase: 61300, concurrency: 2, queueLimit: 32 });
    try {
      const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => runner.run(`import time\ntime.sleep(0.05)\nprint(${i} * ${i})`)));
      expect(runs.map((run) => run.stdout)).toEqual(Array.from({ length: 20 }, (_, i) => `${i * i}\n`));
      expect(hostProcessesOfUids(slotUids(runner), { programsOnly: true })).toEqual([]);
    } finally {
      await runner.stop();
    }
  });

  it('given a full queue, the next job gets 429 at once and the queued ones still finish', async () => {
    const runner = await startTestRunner({ uidBase: 61310, concurrency: 1, queueLimit: 1 });
    try {
      const slow = { language: 'python', version: '*', files: [{ content: 'import time\ntime.sleep(0.8)\nprint("done")' }] };
      const running = runner.post(slow);
      const queued = runner.post(slow);
      await expect.poll(() => runner.service.stats.queued).toBe(1);
      const refused = await runner.post(slow);
      expect(refused.status).toBe(429);
      expect(refused.json.message).toMatch(/busy/);
      const [first, second] = await Promise.all([running, queued]);
      expect([first.json.run.stdout, second.json.run.stdout]).toEqual(['done\n', 'done\n']);
      expect((await runner.run('print("after")')).stdout).toBe('after\n');
    } finally {
      await runner.stop();
    }
  });
});
