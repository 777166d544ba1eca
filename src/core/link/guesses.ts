// Wrong link codes per account: a few typos are fine, trying codes in bulk is not. Per process and in
// memory, like the run limit: it only has to make guessing slow, and a code lives 10 minutes.
import type { Store } from '../ports.ts';
import { baseStore } from '../delivery.ts';

export const WRONG_CODES_ALLOWED = 5;
export const WRONG_CODE_WINDOW_MS = 10 * 60_000;

export interface GuessLimit {
  /** Milliseconds until the account may try again, or 0. */
  blockedFor(account: string, now: number): number;
  wrong(account: string, now: number): void;
}

function createGuessLimit(): GuessLimit {
  const wrong = new Map<string, number[]>();
  const recent = (account: string, now: number) => (wrong.get(account) ?? []).filter((at) => now - at < WRONG_CODE_WINDOW_MS);
  return {
    blockedFor(account, now) {
      const times = recent(account, now);
      if (times.length === 0) wrong.delete(account);
      else wrong.set(account, times);
      return times.length < WRONG_CODES_ALLOWED ? 0 : times[0]! + WRONG_CODE_WINDOW_MS - now;
    },
    wrong(account, now) {
      wrong.set(account, [...recent(account, now), now]);
    },
  };
}

// One limit per store, as threads.ts keeps one queue per store: each app (and each test's app) its own.
const limits = new WeakMap<Store, GuessLimit>();
export function guessLimitOf(view: Store): GuessLimit {
  // The store itself, not one delivery's view of it (delivery.ts): every event shares the limit.
  const store = baseStore(view);
  let limit = limits.get(store);
  if (!limit) {
    limit = createGuessLimit();
    limits.set(store, limit);
  }
  return limit;
}
