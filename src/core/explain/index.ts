export { startExplain, answerExplain, openExplainForm, submitExplain, EXPLAIN_ACTION } from './service.ts';
export { explainForm, parseExplainFormId, EXPLAIN_FORM, ANSWER_MAX_LENGTH } from './form.ts';
export { gradeExplanation, countWords, normalize, type ExplainGrade } from './grade.ts';
