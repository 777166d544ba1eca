// The App Home tab: where a person stands (per track: steps, quiz accuracy, explain average), the lesson
// to continue with as a button, and the weakest topics. Pure: the overview comes from the core.
import type { types } from '@slack/bolt';
import { buttonParts, buttonValue } from '../../core/button-value.ts';
import type { LearnerOverview } from '../../core/progress/index.ts';
import { stepLabel } from '../../core/progress/index.ts';
import { neutraliseMentions } from '../../core/text/index.ts';
import { bar, slackMrkdwn, truncate, type KitBlock } from './render.ts';

/** The Home's "Continue" button; its value is "<track>:<step>". */
export const HOME_CONTINUE = 'home_continue';

export function renderHome(overview: LearnerOverview): types.HomeView {
  const name = neutraliseMentions(overview.displayName);
  const blocks: KitBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(`Interview Coach · ${name}`, 150), emoji: true } }];
  const next = overview.next;
  if (next) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: slackMrkdwn(`**Continue:** Step ${next.step} of ${next.total} · ${next.title} (${next.trackTitle})`) },
      accessory: {
        type: 'button',
        action_id: HOME_CONTINUE,
        text: { type: 'plain_text', text: 'Open the lesson', emoji: true },
        value: buttonValue(next.trackId, String(next.step)),
        style: 'primary',
      },
    });
  }
  const { tracks, weakestTopics } = overview.report;
  if (tracks.length === 0) {
    blocks.push(section('No progress yet. Open your first lesson above, or type `/lesson` in any channel.'));
  }
  for (const t of tracks) {
    const quiz = t.quiz.percent === null ? 'no answers yet' : `${t.quiz.percent}% (${t.quiz.right}/${t.quiz.total})`;
    const explain = t.explainAverage === null ? 'none yet' : `${t.explainAverage}/100 over ${t.explainCount}`;
    const exercises = t.exercises.total > 0 ? ` · hands-on exercises: ${t.exercises.done}/${t.exercises.total}` : '';
    blocks.push(
      { type: 'divider' },
      { type: 'section', text: { type: 'mrkdwn', text: `${slackMrkdwn(`**${t.title}**`)}\n\`${bar(t.lessonsDone, t.total)}\` ${stepLabel(t.step, t.total, t.lessonsDone)}` } },
      section(`Lessons done: ${t.lessonsDone}/${t.total} · quiz accuracy: ${quiz} · explain average: ${explain}${exercises}`),
    );
  }
  if (weakestTopics.length > 0) {
    blocks.push({ type: 'divider' }, section(`**Weakest topics**\n${weakestTopics.map((w) => `• ${w.topic}: ${w.percent}% (${w.right}/${w.total})`).join('\n')}`));
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackMrkdwn('`/help` lists every command; `/progress` shows confidence per lesson.') }] });
  return { type: 'home', blocks };
}

/** The Home's "Continue" value back to a track and step; undefined for anything else. */
export function parseContinue(value: string): { track: string; step: string } | undefined {
  const parts = buttonParts(value, 2);
  if (!parts || !/^\d{1,3}$/.test(parts[1]!)) return undefined;
  return { track: parts[0]!, step: parts[1]! };
}

function section(markdown: string): KitBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(slackMrkdwn(markdown), 3000) } };
}
