// Which questions a run asks: ones the group has not seen yet first (in an order that varies from run to
// run), then those most of the group got wrong. Pure, so the rule is tested without a database.
import type { QuestionHistory } from './model.ts';

export function pickDrillQuestions(pool: readonly string[], history: readonly QuestionHistory[], count: number, seed: string): string[] {
  const byId = new Map(history.map((h) => [h.questionId, h]));
  const ranked = [...new Set(pool)].map((id) => {
    const h = byId.get(id);
    const seen = h !== undefined && h.asked > 0;
    // Asked but never answered: as unknown as a coin toss, between mastered and missed.
    const wrongShare = !h || h.answered === 0 ? 0.5 : h.wrong / h.answered;
    return { id, seen, wrongShare, asked: h?.asked ?? 0, tie: hash(`${seed}|${id}`) };
  });
  ranked.sort((a, b) => Number(a.seen) - Number(b.seen) || b.wrongShare - a.wrongShare || a.asked - b.asked || a.tie - b.tie);
  return ranked.slice(0, count).map((r) => r.id);
}

/** FNV-1a: a cheap, stable shuffle key. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
