// The benchmark's Slack side, in a worker thread: it sends a batch of signed requests at once and times
// each HTTP acknowledgement on its own event loop, so the adapter's work after an ack (which shares the
// main thread) never delays the moment a response is seen to arrive. Plain JavaScript: workers do not
// inherit tsx's loader.
import { parentPort } from 'node:worker_threads';

// `intervalMs` 0: all at once; otherwise request i leaves at i * intervalMs (a steady arrival rate).
parentPort.on('message', async (batch) => {
  const start = performance.now();
  const results = await Promise.all(
    batch.requests.map(async ({ body, headers }, i) => {
      const wait = start + i * batch.intervalMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const sent = performance.now();
      const response = await fetch(batch.endpoint, { method: 'POST', headers, body });
      const ackMs = performance.now() - sent;
      await response.text();
      return { status: response.status, ackMs };
    }),
  );
  parentPort.postMessage(results);
});
