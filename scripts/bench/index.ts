// npm run bench — every benchmark in one run: the coach (quiz answers, cold start, RSS), drills, the Slack
// and Discord adapters' acknowledgements, and the runner.
// Figures are printed as they come and summarised as JSON at the end (for the closing note).
import { benchCoach } from './coach.ts';
import { benchRunner } from './runner.ts';
import { benchDrills } from './drills.ts';
import { benchSlack } from './slack.ts';
import { benchDiscord } from './discord.ts';
import { evalExplain } from '../eval/explain.ts';

const results: Record<string, unknown> = {};
console.log('# coach');
results.coach = await benchCoach();
console.log('\n# drills');
results.drills = await benchDrills();
console.log('\n# slack');
results.slack = await benchSlack();
console.log('\n# discord');
results.discord = await benchDiscord();
console.log('\n# runner');
if (process.getuid?.() === 0) results.runner = await benchRunner();
else console.log('skipped: the runner needs root (it runs jobs under per-slot uids)');
console.log('\n# explain grader (eval set)');
results.explainEval = await evalExplain();
console.log('\n' + JSON.stringify(results, null, 2));
