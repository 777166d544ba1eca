// One delivery's view of the store. The first write that commits while an event is handled carries the
// event's claim in its own transaction (a `delivered` effect), so once anything of the event is saved, the
// event is claimed for good: a retry of it records nothing again, even if the reply failed or the process
// died right after the commit. The view also keeps, in words, what was saved, so a failure after the
// commit tells the learner the truth ("your rating was saved, but…") instead of "please try again".
import type { Effect, Store, WriteOutcome } from './ports.ts';

type DeliveryClaim = Extract<Effect, { kind: 'delivered' }>;

export interface Delivery {
  readonly store: Store;
  /** Something of this event committed: its claim must be kept. */
  readonly committed: boolean;
  /** The claim was settled by a committed write's own transaction: nothing is left to settle. */
  readonly settled: boolean;
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
  let settled = false;
  const saved: string[] = [];
  const note = (what: string | undefined) => {
    committed = true;
    if (what && !saved.includes(what)) saved.push(what);
  };
  const noteEffects = (effects: Effect[]) => {
    committed = true;
    for (const e of effects) note(NAMES[e.kind]);
  };
  // Only the first write carries the claim: the claim row is then ours, and a second insert of it would be
  // a duplicate. `carrying` is set before the write starts, so two writes of one turn at once never both do.
  let carrying = false;
  /** The claim to put in the next write, if this write is the one to carry it. */
  const takeClaim = (): DeliveryClaim | undefined => {
    if (!claimId || committed || carrying) return undefined;
    carrying = true;
    return { kind: 'delivered', id: claimId, at: now() };
  };
  async function withClaim<T>(run: (claim: DeliveryClaim | undefined) => Promise<T>, saved: (outcome: T) => boolean): Promise<T> {
    const claim = takeClaim();
    try {
      const outcome = await run(claim);
      if (claim && saved(outcome)) settled = true;
      return outcome;
    } finally {
      if (claim) carrying = false;
    }
  }
  async function writing(effects: Effect[], run: (effects: Effect[]) => Promise<WriteOutcome>): Promise<WriteOutcome> {
    const outcome = await withClaim((claim) => run(claim ? [claim, ...effects] : effects), (o) => o === 'saved');
    if (outcome === 'saved') noteEffects(effects);
    return outcome;
  }

  const view: Store = {
    ...store,
    write: (effects) => writing(effects, (all) => store.write(all)) as Promise<Exclude<WriteOutcome, 'conflict'>>,
    states: {
      ...store.states,
      save: (key, state, expectedVersion, effects) => writing(effects, (all) => store.states.save(key, state, expectedVersion, all)),
    },
    // These commit in their own transactions (not Effects): the coach settles the claim when the event ends
    // (drill answers excepted, below).
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
      // Carries the claim in the answer's own transaction: a busy drill question costs one commit an answer.
      async recordAnswer(answer) {
        const outcome = await withClaim((claim) => store.drills.recordAnswer(answer, claim), (o) => o === 'new' || o === 'changed');
        if (outcome === 'new' || outcome === 'changed') note('your drill answer');
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
    get settled() {
      return settled;
    },
    get saved() {
      return saved;
    },
  };
}
