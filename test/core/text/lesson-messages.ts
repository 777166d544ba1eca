// Every message the real lessons produce (the lesson itself and each model answer), with the file it
// came from, for checks that must hold for all of today's content and not just for hand-made samples.
import path from 'node:path';
import { loadContent } from '../../../src/content/loader.ts';
import { renderLesson, renderModelAnswer } from '../../../src/core/lessons/render.ts';
import type { OutboundMessage } from '../../../src/core/messages.ts';

export interface LessonMessage {
  /** The lesson file, relative to content/. */
  file: string;
  message: OutboundMessage;
}

export async function realLessonMessages(): Promise<LessonMessage[]> {
  const loaded = await loadContent(path.resolve(import.meta.dirname, '../../../content'));
  return loaded.tracks.flatMap(({ track, lessons }) =>
    lessons.flatMap(({ file, lesson }) => {
      const answers = lesson.interviewQa.map((qa) => renderModelAnswer(lesson, qa.id)!);
      return [...renderLesson(track, lesson, 'token', 0), ...answers].map((message) => ({ file, message }));
    }),
  );
}
