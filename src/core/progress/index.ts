export { showProgress, renderProgress } from './service.ts';
export { computeProgress, accuracy, calibrate, weakestTopics, type ProgressReport } from './stats.ts';
export { percent, stepLabel } from './maths.ts';
