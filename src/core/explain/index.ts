export { startExplain, answerExplain, openExplainForm, submitExplain, EXPLAIN_ACTION } from './service.ts';
export { explainForm } from './form.ts';
export { gradeExplanation, countWords, KEYWORD_LIST_CAP, type ExplainGrade, type PointResult, type GradeNote, type NoteKind } from './grade.ts';
export { compileTerm } from './statements.ts';
export { gradeWithJudge, checkVerdict } from './judge.ts';
