// One delivery's view of the store. The first write that commits while an event is handled carries the
// event's claim in its own transaction (a `delivered` effect), so once anything of the event is saved, the
// event is claimed for good: a retry of it records nothing again, even if the reply failed or the process
// died right after the commit. The view also keeps, in words, what was saved, so a failure after the
// commit tells the learner the truth ("your rating was saved, but…") instead of "please try again".
import type { Effect, Store } from './ports.ts';

export interface Delivery {
  readonly store: Store;
  /** Something of this event committed: its claim must be kept. */
  readonly committed: boolean;
  /** What committed, as the learner would name it ("your rating"), without repeats. */
  readonly saved: readonly string[];
}

// The per-key write queue (threads.ts) must be the same for every delivery's view of one store.
const bases = new WeakMap<Store, Store>();
export const baseStore = (store: Store): Store => bases.get(store) ?? store;

const NAMES: Partial<Record<Effect['kind'], string>> = {
  confidenceRated: 'your rating',
  quizAttempt: 'your answer',
  explainAttempt: 'your explanation',
  exerciseSolved: 'your solved exercise',
  lessonStarted: 'your progress',
  lessonCompleted: 'your progress',
  stepReached: 'your progress',
};

/** claimId undefined (a delivery the platform never retries): the view only keeps what was saved. */
export function createDelivery(store: Store, claimId: string | undefined, now: () => Date): Delivery {
  let committed = false;
  const saved: string[] = [];
  const note = (what: string | undefined) => {
    committed = true;
    if (what && !saved.includes(what)) saved.push(what);
  };
  const noteEffects = (effects: Effect[]) => {
    committed = true;
    for (const e of effects) note(NAMES[e.kind]);
  };
  // Only until the first commit: the claim row is then ours, and a second insert would be a duplicate.
  const withClaim = (effects: Effect[]): Effect[] => (claimId && !committed ? [{ kind: 'delivered', id: claimId, at: now() }, ...effects] : effects);

  const view: Store = {
    ...store,
    async write(effects) {
      const outcome = await store.write(withClaim(effects));
      if (outcome === 'saved') noteEffects(effects);
      return outcome;
    },
    states: {
      ...store.states,
      async save(key, state, expectedVersion, effects) {
        const outcome = await store.states.save(key, state, expectedVersion, withClaim(effects));
        if (outcome === 'saved') noteEffects(effects);
        return outcome;
      },
    },
    // These commit in their own transactions (not Effects); the coach settles the claim right after.
    links: {
      ...store.links,
      async link(user, code, at) {
        const outcome = await store.links.link(user, code, at);
        if (outcome.kind === 'linked') note('the link of your accounts');
        return outcome;
      },
      async unlink(user, token, at) {
        const outcome = await store.links.unlink(user, token, at);
        if (outcome.kind === 'unlinked') note('the unlink of this account');
        return outcome;
      },
    },
    drills: {
      ...store.drills,
      async create(settings, next, at) {
        const drill = await store.drills.create(settings, next, at);
        if (drill) note('the drill');
        return drill;
      },
      async setStatus(id, status, next, at) {
        await store.drills.setStatus(id, status, next, at);
        note("the drill's new status");
      },
      async createRun(drill, slot, questionIds, at) {
        const runId = await store.drills.createRun(drill, slot, questionIds, at);
        if (runId) note('the drill run');
        return runId;
      },
      async recordAnswer(answer) {
        const outcome = await store.drills.recordAnswer(answer);
        if (outcome !== 'closed') note('your drill answer');
        return outcome;
      },
      async setLeaderboardHidden(learnerId, hidden, at) {
        await store.drills.setLeaderboardHidden(learnerId, hidden, at);
        note('your leaderboard setting');
      },
    },
  };
  bases.set(view, baseStore(store));
  return {
    store: view,
    get committed() {
      return committed;
    },
    get saved() {
      return saved;
    },
  };
}
