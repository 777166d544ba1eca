// Where a drill's questions come from: its chosen lessons, or every written lesson of its track.
import type { Catalog } from '../content/catalog.ts';
import type { DrillRecord, QuestionHistory } from './model.ts';
import { pickDrillQuestions } from './pick.ts';

// The catalog is an immutable snapshot, so a pool computed once serves every run drawing from it.
const pools = new WeakMap<Catalog, Map<string, string[]>>();

export function drillPool(catalog: Catalog, drill: Pick<DrillRecord, 'trackId' | 'lessonIds'>): string[] {
  let cached = pools.get(catalog);
  if (!cached) pools.set(catalog, (cached = new Map()));
  const key = drill.lessonIds ? `lessons:${drill.lessonIds.join(',')}` : `track:${drill.trackId}`;
  let pool = cached.get(key);
  if (!pool) cached.set(key, (pool = computePool(catalog, drill)));
  return pool;
}

function computePool(catalog: Catalog, drill: Pick<DrillRecord, 'trackId' | 'lessonIds'>): string[] {
  if (drill.lessonIds) return drill.lessonIds.flatMap((id) => catalog.lesson(id)?.lesson.quiz.map((q) => q.id) ?? []);
  const track = catalog.track(drill.trackId);
  if (!track) return [];
  return track.steps.flatMap((_, i) => catalog.lessonAt(track.id, i + 1)?.lesson.quiz.map((q) => q.id) ?? []);
}

/** The questions of one run; the slot seeds the order among equally good ones. */
export function chooseQuestions(catalog: Catalog, drill: DrillRecord, history: readonly QuestionHistory[], slot: string): string[] {
  return pickDrillQuestions(drillPool(catalog, drill), history, drill.questions, `${drill.id}|${slot}`);
}

export function sourceTitle(catalog: Catalog, drill: Pick<DrillRecord, 'trackId' | 'lessonIds'>): string {
  if (drill.lessonIds) return drill.lessonIds.map((id) => catalog.lesson(id)?.lesson.title ?? id).join(', ');
  return catalog.track(drill.trackId)?.title ?? drill.trackId;
}
