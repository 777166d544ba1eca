// Imports loaded content into the database in one transaction. Idempotent: rows are keyed by content id
// and skipped when their file hash is unchanged, so learners' history (keyed by the same ids) survives
// edits. A file that failed validation is left as previously imported, so the last good version keeps
// serving. Runs on the start-up better-sqlite3 connection, beside the migrations and before Prisma
// connects: pushing a few MB of lesson bodies through Prisma's query engine once cost ~40 MB of RSS
// that the process never gave back.
import type { Database } from 'better-sqlite3';
import type { KnownFiles, LoadResult } from './loader.ts';
import { timestamp } from '../db/timestamp.ts';

export interface ImportSummary {
  tracksWritten: number;
  lessonsWritten: number;
  lessonsUnchanged: number;
  lessonsRetired: number;
  rejectedFiles: string[];
}

const trackFileOf = (trackId: string) => `tracks/${trackId}/track.yaml`;

interface TrackRow {
  id: string;
  title: string;
  description: string;
  level: string;
  steps: string;
  contentHash: string;
}
interface LessonRow {
  id: string;
  trackId: string;
  contentHash: string;
  sourceFile: string;
  retired: number;
  body?: string;
}

/** What the database already holds, so the loader can skip parsing files whose text has not changed. */
export function knownFiles(db: Database): KnownFiles {
  const known = new Map<string, { hash: string; value: unknown }>();
  for (const t of db.prepare('SELECT id, title, description, level, steps, contentHash FROM "Track"').all() as TrackRow[]) {
    known.set(trackFileOf(t.id), { hash: t.contentHash, value: { id: t.id, title: t.title, description: t.description, level: t.level, steps: JSON.parse(t.steps) } });
  }
  for (const l of db.prepare('SELECT sourceFile, contentHash, body FROM "Lesson" WHERE retired = 0').all() as LessonRow[]) {
    known.set(l.sourceFile, { hash: l.contentHash, value: JSON.parse(l.body!) });
  }
  return known;
}

/** `now`: the Clock's time, stamped on what this import writes. */
export function importContent(db: Database, loaded: LoadResult, now: Date): ImportSummary {
  const summary: ImportSummary = { tracksWritten: 0, lessonsWritten: 0, lessonsUnchanged: 0, lessonsRetired: 0, rejectedFiles: [...loaded.rejectedFiles] };
  const upsertTrack = db.prepare(`INSERT INTO "Track" (id, title, description, level, steps, contentHash, importedAt) VALUES (@id, @title, @description, @level, @steps, @contentHash, @at)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, description = excluded.description, level = excluded.level, steps = excluded.steps, contentHash = excluded.contentHash, importedAt = excluded.importedAt`);
  const upsertLesson = db.prepare(`INSERT INTO "Lesson" (id, trackId, step, title, level, version, contentHash, body, sourceFile, retired, importedAt, updatedAt)
    VALUES (@id, @trackId, @step, @title, @level, @version, @contentHash, @body, @sourceFile, 0, @at, @at)
    ON CONFLICT (id) DO UPDATE SET trackId = excluded.trackId, step = excluded.step, title = excluded.title, level = excluded.level, version = excluded.version,
      contentHash = excluded.contentHash, body = excluded.body, sourceFile = excluded.sourceFile, retired = 0, updatedAt = excluded.updatedAt`);
  const upsertQuestion = db.prepare(`INSERT INTO "Question" (id, lessonId, topic, prompt, retired) VALUES (@id, @lessonId, @topic, @prompt, 0)
    ON CONFLICT (id) DO UPDATE SET lessonId = excluded.lessonId, topic = excluded.topic, prompt = excluded.prompt, retired = 0`);
  const retireQuestions = db.prepare('UPDATE "Question" SET retired = 1 WHERE lessonId = ? AND retired = 0');
  const retireLesson = db.prepare('UPDATE "Lesson" SET retired = 1, updatedAt = ? WHERE id = ?');

  db.transaction(() => {
    const trackHashes = new Map((db.prepare('SELECT id, contentHash FROM "Track"').all() as TrackRow[]).map((t) => [t.id, t.contentHash]));
    const lessonRows = db.prepare('SELECT id, trackId, contentHash, sourceFile, retired FROM "Lesson"').all() as LessonRow[];
    const lessonHashes = new Map(lessonRows.map((l) => [l.id, l.retired ? 'retired' : l.contentHash]));
    const seenLessons = new Set<string>();
    const at = timestamp(now);

    for (const { track, hash: trackHash, lessons } of loaded.tracks) {
      if (trackHashes.get(track.id) !== trackHash) {
        upsertTrack.run({ id: track.id, title: track.title, description: track.description, level: track.level, steps: JSON.stringify(track.steps), contentHash: trackHash, at });
        summary.tracksWritten++;
      }
      for (const { file, hash: lessonHash, lesson } of lessons) {
        seenLessons.add(lesson.id);
        if (lessonHashes.get(lesson.id) === lessonHash) {
          summary.lessonsUnchanged++;
          continue;
        }
        upsertLesson.run({
          id: lesson.id,
          trackId: track.id,
          step: lesson.step,
          title: lesson.title,
          level: lesson.level,
          version: lesson.contentVersion,
          contentHash: lessonHash,
          body: JSON.stringify(lesson),
          sourceFile: file,
          at,
        });
        // Questions dropped from the lesson stay (retired) so past attempts still resolve.
        retireQuestions.run(lesson.id);
        for (const q of lesson.quiz) upsertQuestion.run({ id: q.id, lessonId: lesson.id, topic: q.topic, prompt: q.prompt });
        summary.lessonsWritten++;
      }
    }
    // A lesson whose file is gone is retired; one whose file (or whose track file) is broken keeps serving
    // its last good version.
    for (const row of lessonRows) {
      const kept = seenLessons.has(row.id) || loaded.rejectedFiles.has(row.sourceFile) || loaded.rejectedFiles.has(trackFileOf(row.trackId));
      if (row.retired || kept) continue;
      retireLesson.run(at, row.id);
      retireQuestions.run(row.id);
      summary.lessonsRetired++;
    }
  })();
  return summary;
}
