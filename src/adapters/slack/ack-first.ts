// Acknowledgements before work. Slack waits 3 seconds for the HTTP answer to each request, and the work a
// request causes (database writes, Web API calls) shares the one event loop with the requests still to be
// answered. When many arrive at once (50 people pressing a quiz button in the same second), a request read
// after others' work has started waits for that work. So the work after an acknowledgement goes through
// this queue: a piece of it continues only when no request received so far is still unanswered, one piece
// per turn of the event loop, so requests that arrived meanwhile are read and answered first. The wait is
// bounded (a request whose body never finishes arriving must not hold everyone's work), and nothing is
// dropped: a waiting piece always continues, and its failures go where they went before.
import type { Server } from 'node:http';

export interface AckFirst {
  /** Counts the server's requests from their arrival until their response is finished or abandoned. */
  watch(server: Server): void;
  /** Resolves when this piece of work may continue: no request unanswered, at most `maxWaitMs` later. */
  turn(): Promise<void>;
  /** Requests received and not yet answered. */
  readonly unanswered: number;
}

/** Longer than answering a burst takes, far shorter than Slack's 3 seconds. */
export const ACK_FIRST_MAX_WAIT_MS = 250;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createAckFirst(maxWaitMs = ACK_FIRST_MAX_WAIT_MS, now = () => performance.now()): AckFirst {
  let unanswered = 0;
  const waiting: { resolve: () => void; since: number }[] = [];
  let draining = false;
  let answeredAll: (() => void) | undefined;

  /** Until every request received so far is answered, or `ms` passed. */
  function allAnswered(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        answeredAll = undefined;
        resolve();
      }
      answeredAll = done;
    });
  }

  // One piece per turn: each runs until its next wait (a Web API call, the database is synchronous), then
  // the event loop polls for new requests before the next piece is let go.
  async function drain(): Promise<void> {
    if (draining) return;
    draining = true;
    try {
      while (waiting.length > 0) {
        await nextTurn();
        const first = waiting[0]!;
        const waited = now() - first.since;
        if (unanswered > 0 && waited < maxWaitMs) {
          await allAnswered(maxWaitMs - waited);
          continue;
        }
        waiting.shift();
        first.resolve();
      }
    } finally {
      draining = false;
    }
  }

  return {
    watch(server) {
      server.prependListener('request', (_req, res) => {
        unanswered++;
        // 'close' follows 'finish', and also comes alone when the client goes away: counted down once.
        res.once('close', () => {
          if (--unanswered === 0) answeredAll?.();
        });
      });
    },
    turn() {
      return new Promise<void>((resolve) => {
        waiting.push({ resolve, since: now() });
        void drain();
      });
    },
    get unanswered() {
      return unanswered;
    },
  };
}
