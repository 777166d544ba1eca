// Where a drill's questions come from: its chosen lessons, or every written lesson of its track.
import type { Catalog } from '../content/catalog.ts';
import type { DrillRecord, QuestionHistory } from './model.ts';
import { pickDrillQuestions } from './pick.ts';

export function drillPool(catalog: Catalog, drill: Pick<DrillRecord, 'trackId' | 'lessonIds'>): string[] {
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
