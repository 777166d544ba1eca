// Builds the core's in-memory Catalog from imported content rows.
import type { PrismaClient } from '@prisma/client';
import { createCatalog, type Catalog } from '../core/content/catalog.ts';
import type { Lesson, Track, TrackStep } from '../core/content/model.ts';

export async function loadCatalog(prisma: PrismaClient, defaultTrackId?: string): Promise<Catalog> {
  const [trackRows, lessonRows] = await Promise.all([
    prisma.track.findMany({ orderBy: { id: 'asc' } }),
    prisma.lesson.findMany({ where: { retired: false }, orderBy: [{ trackId: 'asc' }, { step: 'asc' }] }),
  ]);
  const tracks: Track[] = trackRows.map((t) => ({
    id: t.id,
    title: t.title,
    description: t.description,
    level: t.level,
    steps: JSON.parse(t.steps) as TrackStep[],
  }));
  const lessons = lessonRows.map((l) => ({ trackId: l.trackId, lesson: JSON.parse(l.body) as Lesson }));
  return createCatalog(tracks, lessons, defaultTrackId);
}
