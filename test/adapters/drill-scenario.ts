// The one drill scenario both platforms play (test/adapters/{discord,slack}/drills.test.ts): who clicks which
// answer when, so their recorded answers, points and reveals can be compared figure for figure.
export type Answerer = 'alice' | 'bob' | 'carol';

/** Alice answers both right; Bob changes 1A to 1C, then answers 2B; Carol answers 1B late. */
export const DRILL_ANSWERS: readonly [Answerer, string, string][] = [
  ['alice', '1B', '2026-12-07T08:00:10Z'],
  ['alice', '2B', '2026-12-07T08:00:20Z'],
  ['bob', '1A', '2026-12-07T08:00:30Z'],
  ['bob', '1C', '2026-12-07T08:00:40Z'],
  ['bob', '2B', '2026-12-07T08:00:50Z'],
  ['carol', '1B', '2026-12-07T08:01:30Z'],
];
