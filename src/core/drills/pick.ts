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
  // The usual case, a group with questions left it has not seen: only the shuffle key orders them.
  const seen = byId.size === 0 ? undefined : (id: string) => (byId.get(id)?.asked ?? 0) > 0;
  const chosen = topByKey(pool, count, seedHash, seen);
  if (chosen.length === count) return chosen;
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
  const picked: string[] = [];
  const taken = new Set<Ranked>();
  for (let n = 0; n < Math.min(count, ranked.length); n++) {
    let best: Ranked | undefined;
    for (const r of ranked) if (!taken.has(r) && (!best || before(r, best) < 0)) best = r;
    taken.add(best!);
    picked.push(best!.id);
  }
  return picked;
}

/**
 * The `count` ids not skipped with the lowest shuffle key (ties by id), in order, fewer if there are not
 * as many different ids: one pass keeping the best few in a small sorted list, as the same ordering after a sort.
 */
function topByKey(ids: readonly string[], count: number, seedHash: number, skip?: (id: string) => boolean): string[] {
  const hashes = idHashesOf(ids);
  const bestIds: string[] = [];
  const bestKeys: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const key = mix(hashes[i]!, seedHash);
    const last = bestKeys.length - 1;
    if (bestIds.length === count && (key > bestKeys[last]! || (key === bestKeys[last] && id >= bestIds[last]!))) continue;
    if (bestIds.includes(id) || skip?.(id)) continue;
    let at = bestIds.length;
    while (at > 0 && (bestKeys[at - 1]! > key || (bestKeys[at - 1] === key && bestIds[at - 1]! > id))) at--;
    bestIds.splice(at, 0, id);
    bestKeys.splice(at, 0, key);
    if (bestIds.length > count) {
      bestIds.pop();
      bestKeys.pop();
    }
  }
  return bestIds;
}

// A pool is a long-lived array (pool.ts caches one per source), so its ids are hashed once, not once per
// run: ten thousand runs in a minute then cost a few multiplications per question each.
const poolHashes = new WeakMap<readonly string[], Uint32Array>();

function idHashesOf(ids: readonly string[]): Uint32Array {
  let hashes = poolHashes.get(ids);
  if (!hashes) poolHashes.set(ids, (hashes = Uint32Array.from(ids, (id) => fnv(id, FNV_OFFSET))));
  return hashes;
}

const shuffleKey = (id: string, seedHash: number): number => mix(fnv(id, FNV_OFFSET), seedHash);

/** murmur3's finaliser over the pair: well spread, stable. */
function mix(idHash: number, seedHash: number): number {
  let x = Math.imul(idHash ^ seedHash, 0x85ebca6b);
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
