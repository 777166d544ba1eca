export { DRILL_ACTION, renderIntro, renderDrillQuestions, renderClosedQuestions, renderReveal, threadTitle, type AskedQuestion, type RevealedQuestion } from './render.ts';
export { answerDrill, drillCommand, setLeaderboardPrivacy, showLeaderboard, periodStart, DEFAULT_GRACE_MINUTES } from './service.ts';
export { chooseQuestions, drillPool, sourceTitle } from './pool.ts';
export { parseSchedule, MIN_INTERVAL_MINUTES } from './schedule.ts';
export { parseCron } from './cron.ts';
export { nextSlot, type Slot } from './zoned.ts';
export type * from './model.ts';
export { planDue, type DuePlan } from './plan.ts';
