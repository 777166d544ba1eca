// Which questions a run asks: ones the group has not seen yet first (in an order that varies from run to
// run), then those most of the group got wrong. Pure, so the rule is tested without a database.
// A run asks a handful from a track of hundreds, ten thousand times in a busy minute: the best `count`
// are selected in one pass each instead of sorting the whole pool.
import type { QuestionHistory } from './model.ts';

interface Ranked {
  id: string;
  seen: number;
  wrongShare: number;
  asked: number;
  tie: number;
}

const before = (a: Ranked, b: Ranked) => a.seen - b.seen || b.wrongShare - a.wrongShare || a.asked - b.asked || a.tie - b.tie || (a.id < b.id ? -1 : 1);

export function pickDrillQuestions(pool: readonly string[], history: readonly QuestionHistory[], count: number, seed: string): string[] {
  const byId = new Map(history.map((h) => [h.questionId, h]));
  const seedHash = fnv(seed, FNV_OFFSET);
  const unseen = byId.size === 0 ? pool : pool.filter((id) => !((byId.get(id)?.asked ?? 0) > 0));
  // The usual case, a group with questions left it has not seen: only the shuffle key orders them.
  if (unseen.length >= count) {
    const chosen = topByKey(unseen, count, seedHash);
    if (chosen.length === count) return chosen;
  }
  const ranked: Ranked[] = [];
  const unique = new Set<string>();
  for (const id of pool) {
    if (unique.has(id)) continue;
    unique.add(id);
    const h = byId.get(id);
    // Asked but never answered: as unknown as a coin toss, between mastered and missed.
    const wrongShare = !h || h.answered === 0 ? 0.5 : h.wrong / h.answered;
    ranked.push({ id, seen: h !== undefined && h.asked > 0 ? 1 : 0, wrongShare, asked: h?.asked ?? 0, tie: shuffleKey(id, seedHash) });
  }
  const chosen: string[] = [];
  const taken = new Set<Ranked>();
  for (let n = 0; n < Math.min(count, ranked.length); n++) {
    let best: Ranked | undefined;
    for (const r of ranked) if (!taken.has(r) && (!best || before(r, best) < 0)) best = r;
    taken.add(best!);
    chosen.push(best!.id);
  }
  return chosen;
}

/** The `count` ids with the lowest shuffle key (ties by id), without sorting them all; fewer if there are not as many different ids. */
function topByKey(ids: readonly string[], count: number, seedHash: number): string[] {
  const keys = ids.map((id) => shuffleKey(id, seedHash));
  const chosen: string[] = [];
  for (let n = 0; n < count; n++) {
    let best = -1;
    for (let i = 0; i < ids.length; i++) {
      if (keys[i]! < 0 || chosen.includes(ids[i]!)) continue;
      if (best < 0 || keys[i]! < keys[best]! || (keys[i] === keys[best] && ids[i]! < ids[best]!)) best = i;
    }
    if (best < 0) break;
    keys[best] = -1;
    chosen.push(ids[best]!);
  }
  return chosen;
}

// Each id's own hash is computed once per id (question ids are few and long-lived); mixing in the seed is a
// few multiplications, so ten thousand runs in a minute do not hash every id of the track again.
const idHashes = new Map<string, number>();

function shuffleKey(id: string, seedHash: number): number {
  let h = idHashes.get(id);
  if (h === undefined) {
    if (idHashes.size > 100_000) idHashes.clear();
    idHashes.set(id, (h = fnv(id, FNV_OFFSET)));
  }
  // murmur3's finaliser over the pair: well spread, stable.
  let x = Math.imul(h ^ seedHash, 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a, continued from `start`: a cheap, stable shuffle key. */
function fnv(text: string, start: number): number {
  let h = start;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
