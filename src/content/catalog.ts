// Builds the core's Catalog straight from what the loader produced, without reading the database again:
// valid files as loaded, and for refused files the last good version the database held (the same
// `known` map the loader reused), so a broken file keeps serving its previous import.
import { createCatalog, type Catalog } from '../core/content/catalog.ts';
import type { Lesson, Track } from '../core/content/model.ts';
import type { KnownFiles, LoadResult } from './loader.ts';

export function buildCatalog(loaded: LoadResult, known: KnownFiles, defaultTrackId?: string): Catalog {
  const tracks = new Map<string, Track>();
  const lessons: { trackId: string; lesson: Lesson }[] = [];
  for (const { track, lessons: trackLessons } of loaded.tracks) {
    tracks.set(track.id, track);
    for (const { lesson } of trackLessons) lessons.push({ trackId: track.id, lesson });
  }
  for (const file of loaded.rejectedFiles) {
    const trackId = /^tracks\/([^/]+)\//.exec(file)?.[1];
    if (!trackId) continue;
    if (file.endsWith('/track.yaml')) {
      const previous = known.get(file)?.value as Track | undefined;
      if (!previous || tracks.has(trackId)) continue;
      tracks.set(trackId, previous);
      for (const [path, { value }] of known) {
        if (path.startsWith(`tracks/${trackId}/lessons/`)) lessons.push({ trackId, lesson: value as Lesson });
      }
    } else {
      const previous = known.get(file)?.value as Lesson | undefined;
      if (previous) lessons.push({ trackId, lesson: previous });
    }
  }
  return createCatalog([...tracks.values()], lessons, defaultTrackId);
}
