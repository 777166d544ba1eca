// The drills feature's public API: the router's handlers, and what the scheduler (outside the core) needs
// to fire, post and reveal runs.
export { DRILL_ACTION, renderIntro, renderDrillQuestions, renderClosedQuestions, renderReveal, threadTitle, type AskedQuestion, type RevealedQuestion } from './render.ts';
export { answerDrill, drillCommand, setLeaderboardPrivacy, showLeaderboard } from './service.ts';
export { chooseQuestions, sourceTitle } from './pool.ts';
export { parseSchedule } from './schedule.ts';
export { parseCron, type CronSpec } from './cron.ts';
export type { Slot } from './zoned.ts';
export { planDue, type DuePlan } from './plan.ts';
export type * from './model.ts';
