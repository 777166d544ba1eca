export { startExplain, answerExplain } from './service.ts';
export { gradeExplanation, countWords, normalize, type ExplainGrade } from './grade.ts';
