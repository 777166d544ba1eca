export { startLesson, showModelAnswer, nextLesson, type LessonArgs } from './service.ts';
export { LESSON_ACTION, parseLessonAction, renderLesson, lessonThreadTitle, type LessonAction } from './render.ts';
export { currentLesson, currentTrackId, lessonByArgument, lessonFromArgument } from './current.ts';
