export { startQuiz, answerQuiz } from './service.ts';
export { QUIZ_ACTION } from './render.ts';
export { pickQuestions, requeue, SESSION_LENGTH } from './pick.ts';
