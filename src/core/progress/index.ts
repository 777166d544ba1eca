export { showProgress, renderProgress } from './service.ts';
export { computeProgress, accuracy, calibrate, weakestTopics, type ProgressReport } from './stats.ts';
export { percent, stepLabel, DONE_EXPLAIN_SCORE, DONE_QUIZ_SHARE } from './maths.ts';
export { learnerOverview, nextLesson, type LearnerOverview, type NextLesson } from './overview.ts';
