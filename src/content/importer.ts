// Imports loaded content into the database in one transaction. Idempotent: rows are keyed by content id
// and skipped when their hash is unchanged, so learners' history (keyed by the same ids) survives edits.
// A file that failed validation is left as previously imported, so the last good version keeps serving.
import { createHash } from 'node:crypto';
import type { PrismaClient } from '@prisma/client';
import type { LoadResult } from './loader.ts';

export interface ImportSummary {
  tracksWritten: number;
  lessonsWritten: number;
  lessonsUnchanged: number;
  lessonsRetired: number;
  rejectedFiles: string[];
}

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

export async function importContent(prisma: PrismaClient, loaded: LoadResult): Promise<ImportSummary> {
  const summary: ImportSummary = { tracksWritten: 0, lessonsWritten: 0, lessonsUnchanged: 0, lessonsRetired: 0, rejectedFiles: [...loaded.rejectedFiles] };
  await prisma.$transaction(async (tx) => {
    const trackHashes = new Map((await tx.track.findMany({ select: { id: true, contentHash: true } })).map((t) => [t.id, t.contentHash]));
    const lessonRows = await tx.lesson.findMany({ select: { id: true, contentHash: true, sourceFile: true, retired: true } });
    const lessonHashes = new Map(lessonRows.map((l) => [l.id, l.retired ? 'retired' : l.contentHash]));
    const seenLessons = new Set<string>();

    for (const { track, lessons } of loaded.tracks) {
      const { id, title, description, level, steps } = track;
      const trackHash = hash(track);
      if (trackHashes.get(id) !== trackHash) {
        const data = { title, description, level, steps: JSON.stringify(steps), contentHash: trackHash, importedAt: new Date() };
        await tx.track.upsert({ where: { id }, create: { id, ...data }, update: data });
        summary.tracksWritten++;
      }
      for (const { file, lesson } of lessons) {
        seenLessons.add(lesson.id);
        const lessonHash = hash(lesson);
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
    // A lesson whose file is gone is retired; one whose file is broken keeps serving its last good version.
    for (const row of lessonRows) {
      if (row.retired || seenLessons.has(row.id) || loaded.rejectedFiles.has(row.sourceFile)) continue;
      await tx.lesson.update({ where: { id: row.id }, data: { retired: true } });
      await tx.question.updateMany({ where: { lessonId: row.id }, data: { retired: true } });
      summary.lessonsRetired++;
    }
  });
  return summary;
}
