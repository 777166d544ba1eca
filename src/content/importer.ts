// Imports loaded content into the database in one transaction. Idempotent: rows are keyed by content id
// and skipped when their hash is unchanged, so learners' history (keyed by the same ids) survives edits.
// A file that failed validation is left as previously imported, so the last good version keeps serving.
import type { PrismaClient } from '@prisma/client';
import type { KnownFiles, LoadResult } from './loader.ts';

export interface ImportSummary {
  tracksWritten: number;
  lessonsWritten: number;
  lessonsUnchanged: number;
  lessonsRetired: number;
  rejectedFiles: string[];
}

const trackFileOf = (trackId: string) => `tracks/${trackId}/track.yaml`;

/** What the database already holds, so the loader can skip parsing files whose text has not changed. */
export async function knownFiles(prisma: PrismaClient): Promise<KnownFiles> {
  const [tracks, lessons] = await Promise.all([
    prisma.track.findMany({ select: { id: true, title: true, description: true, level: true, steps: true, contentHash: true } }),
    prisma.lesson.findMany({ where: { retired: false }, select: { sourceFile: true, contentHash: true, body: true } }),
  ]);
  const known = new Map<string, { hash: string; value: unknown }>();
  for (const t of tracks) {
    known.set(trackFileOf(t.id), { hash: t.contentHash, value: { id: t.id, title: t.title, description: t.description, level: t.level, steps: JSON.parse(t.steps) } });
  }
  for (const l of lessons) known.set(l.sourceFile, { hash: l.contentHash, value: JSON.parse(l.body) });
  return known;
}

export async function importContent(prisma: PrismaClient, loaded: LoadResult): Promise<ImportSummary> {
  const summary: ImportSummary = { tracksWritten: 0, lessonsWritten: 0, lessonsUnchanged: 0, lessonsRetired: 0, rejectedFiles: [...loaded.rejectedFiles] };
  await prisma.$transaction(async (tx) => {
    const trackHashes = new Map((await tx.track.findMany({ select: { id: true, contentHash: true } })).map((t) => [t.id, t.contentHash]));
    const lessonRows = await tx.lesson.findMany({ select: { id: true, trackId: true, contentHash: true, sourceFile: true, retired: true } });
    const lessonHashes = new Map(lessonRows.map((l) => [l.id, l.retired ? 'retired' : l.contentHash]));
    const seenLessons = new Set<string>();

    for (const { track, hash: trackHash, lessons } of loaded.tracks) {
      const { id, title, description, level, steps } = track;
      if (trackHashes.get(id) !== trackHash) {
        const data = { title, description, level, steps: JSON.stringify(steps), contentHash: trackHash, importedAt: new Date() };
        await tx.track.upsert({ where: { id }, create: { id, ...data }, update: data });
        summary.tracksWritten++;
      }
      for (const { file, hash: lessonHash, lesson } of lessons) {
        seenLessons.add(lesson.id);
        if (lessonHashes.get(lesson.id) === lessonHash) {
          summary.lessonsUnchanged++;
          continue;
        }
        const data = {
          trackId: id,
          step: lesson.step,
          title: lesson.title,
          level: lesson.level,
          version: lesson.contentVersion,
          contentHash: lessonHash,
          body: JSON.stringify(lesson),
          sourceFile: file,
          retired: false,
        };
        await tx.lesson.upsert({ where: { id: lesson.id }, create: { id: lesson.id, ...data }, update: data });
        const questionIds = lesson.quiz.map((q) => q.id);
        for (const q of lesson.quiz) {
          const row = { lessonId: lesson.id, topic: q.topic, prompt: q.prompt, retired: false };
          await tx.question.upsert({ where: { id: q.id }, create: { id: q.id, ...row }, update: row });
        }
        await tx.question.updateMany({ where: { lessonId: lesson.id, id: { notIn: questionIds } }, data: { retired: true } });
        summary.lessonsWritten++;
      }
    }
    // A lesson whose file is gone is retired; one whose file (or whose track file) is broken keeps serving
    // its last good version.
    for (const row of lessonRows) {
      const kept = seenLessons.has(row.id) || loaded.rejectedFiles.has(row.sourceFile) || loaded.rejectedFiles.has(trackFileOf(row.trackId));
      if (row.retired || kept) continue;
      await tx.lesson.update({ where: { id: row.id }, data: { retired: true } });
      await tx.question.updateMany({ where: { lessonId: row.id }, data: { retired: true } });
      summary.lessonsRetired++;
    }
  });
  return summary;
}
