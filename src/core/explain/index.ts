export { startExplain, answerExplain, openExplainForm, submitExplain, EXPLAIN_ACTION } from './service.ts';
export { explainForm } from './form.ts';
export { gradeExplanation, countWords, normalize, type ExplainGrade } from './grade.ts';
export { gradeWithJudge, checkVerdict } from './judge.ts';
