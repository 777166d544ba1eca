// Drill use cases behind the commands and the answer buttons. Creating checks everything first (schedule,
// zone, track, that the bot can post here) and writes once; answering writes one insert-once row.
import { UserError } from '../errors.ts';
import { notice, type ConvRef } from '../messages.ts';
import type { Turn } from '../turn.ts';
import { requireTrack } from '../content/catalog.ts';
import type { DrillChannel, DrillRecord, DrillSettings } from './model.ts';
import { parseSchedule } from './schedule.ts';
import { chooseQuestions, drillPool, sourceTitle } from './pool.ts';
import { answerPoints } from './scoring.ts';
import { describeWhen, localClock, parseAnswerButton, renderDrillList, renderLeaderboard, renderLockedIn, type Period } from './render.ts';
import { localTime } from './zoned.ts';
import { neutraliseMentions } from '../text/index.ts';

export const DEFAULT_QUESTIONS = 3;
export const DEFAULT_WINDOW_MINUTES = 10;
export const DEFAULT_GRACE_MINUTES = 30;

export type DrillArgs = Partial<Record<'action' | 'drill' | 'schedule' | 'timezone' | 'track' | 'questions' | 'window' | 'grace', string>>;

const channelOf = (conv: ConvRef): DrillChannel => ({ platform: conv.platform, workspaceId: conv.workspaceId, channelId: conv.channelId });
const bad = (reason: string) => new UserError('badDrill', { reason });

export async function drillCommand(turn: Turn, args: DrillArgs): Promise<void> {
  switch (args.action) {
    case 'create':
      return createDrill(turn, args);
    case 'list':
      await turn.respond(renderDrillList(await turn.deps.store.drills.list(turn.conv.platform, turn.conv.workspaceId)));
      return;
    case 'pause':
    case 'resume':
    case 'delete':
      return changeDrill(turn, args.action, args.drill);
    case 'now':
      return runNow(turn, args.drill);
    default:
      throw bad('say what to do: create, list, pause, resume, delete or now');
  }
}

async function createDrill(turn: Turn, args: DrillArgs): Promise<void> {
  const { catalog, clock, store } = turn.deps;
  const example = 'e.g. /drill create "Morning drill" "weekdays 09:00" Europe/Paris django';
  if (!args.drill) throw bad(`give the drill a name (${example})`);
  if (!args.schedule) throw bad(`give a schedule (${example})`);
  if (!args.timezone) throw bad(`give an IANA time zone such as Europe/Paris (${example})`);
  const now = clock.now();
  const parsed = parseSchedule(args.schedule, args.timezone, now);
  if (!parsed.ok) throw bad(parsed.reason);
  const source = resolveSource(turn, args.track);
  const questions = Number(args.questions ?? DEFAULT_QUESTIONS);
  const pool = drillPool(catalog, source);
  if (pool.length === 0) throw bad(`${sourceTitle(catalog, source)} has no quiz questions yet`);
  if (await store.drills.find(turn.conv.platform, turn.conv.workspaceId, args.drill)) throw bad(`this workspace already has a drill called "${args.drill}"; pick another name or delete that one`);
  const settings: DrillSettings = {
    name: args.drill,
    channel: channelOf(turn.conv),
    scheduleLabel: parsed.schedule.label,
    cron: parsed.schedule.cron.expression,
    timeZone: parsed.schedule.zone,
    ...source,
    questions,
    windowMinutes: Number(args.window ?? DEFAULT_WINDOW_MINUTES),
    graceMinutes: Number(args.grace ?? DEFAULT_GRACE_MINUTES),
    createdBy: turn.learner.id,
  };
  const when = describeWhen(parsed.next.at, settings.timeZone);
  // Posting first proves the bot may post here; if it may not, nothing is scheduled.
  const channel: ConvRef = { ...settings.channel };
  try {
    await turn.post(channel, notice(`📅 **${neutraliseMentions(settings.name)}** is scheduled here: ${settings.scheduleLabel} (${settings.timeZone}), ${questions} question${questions === 1 ? '' : 's'} from ${sourceTitle(catalog, source)}, ${settings.windowMinutes} min to answer. First run ${when}.`, 'thread'));
  } catch (error) {
    turn.deps.logger.warn({ err: error, channel: settings.channel }, 'drill not created: the channel refused a post');
    throw new UserError('cannotPost', postRefusal(error));
  }
  const created = await store.drills.create(settings, parsed.next, now);
  if (!created) throw bad(`this workspace already has a drill called "${args.drill}"`);
  await turn.respond(notice(`Drill **#${created.id} ${neutraliseMentions(created.name)}** created. Next run ${when}. \`/drill now ${created.id}\` runs it once right away; \`/drill pause ${created.id}\` pauses it.`));
}

/** Why the channel refused, for the person: an adapter's own refusal (a UserError) carries only its id as message. */
function postRefusal(error: unknown): Record<string, string> {
  if (error instanceof UserError) return error.id === 'notInChannel' ? { reason: "I'm not a member of it: invite me" } : {};
  return { reason: error instanceof Error ? error.message : String(error) };
}

/** A track id, or lesson ids separated by commas; the default track when none is given. */
function resolveSource(turn: Turn, text: string | undefined): Pick<DrillSettings, 'trackId' | 'lessonIds'> {
  const { catalog } = turn.deps;
  if (!text) return { trackId: catalog.defaultTrack().id, lessonIds: null };
  if (!text.includes(',') && catalog.track(text.toLowerCase())) return { trackId: text.toLowerCase(), lessonIds: null };
  const ids = text.split(',').map((s) => s.trim()).filter(Boolean);
  const lessons = ids.map((id) => catalog.lesson(id));
  if (ids.length === 1 && !lessons[0]) requireTrack(catalog, text);
  const missing = ids.filter((_, i) => !lessons[i]);
  if (missing.length > 0) throw bad(`there is no lesson ${missing.map((m) => `"${m}"`).join(', ')}`);
  const tracks = new Set(lessons.map((l) => l!.track.id));
  if (tracks.size > 1) throw bad('the lessons of one drill must come from one track');
  return { trackId: [...tracks][0]!, lessonIds: ids };
}

async function findDrill(turn: Turn, ref: string | undefined): Promise<DrillRecord> {
  if (!ref) throw bad('say which drill: its number from `/drill list` or its name');
  const drill = await turn.deps.store.drills.find(turn.conv.platform, turn.conv.workspaceId, ref.replace(/^#/, ''));
  if (!drill) throw new UserError('unknownDrill', { drill: ref });
  return drill;
}

async function changeDrill(turn: Turn, action: 'pause' | 'resume' | 'delete', ref: string | undefined): Promise<void> {
  const { store, clock } = turn.deps;
  const drill = await findDrill(turn, ref);
  const now = clock.now();
  if (action === 'resume') {
    const parsed = parseSchedule(drill.cron, drill.timeZone, now);
    if (!parsed.ok) throw bad(parsed.reason);
    await store.drills.setStatus(drill.id, 'active', parsed.next, now);
    await turn.respond(notice(`Drill **#${drill.id} ${neutraliseMentions(drill.name)}** resumed. Next run ${describeWhen(parsed.next.at, drill.timeZone)}.`));
    return;
  }
  await store.drills.setStatus(drill.id, action === 'pause' ? 'paused' : 'deleted', null, now);
  const done = action === 'pause' ? `paused; \`/drill resume ${drill.id}\` starts it again` : 'deleted; its past results stay on the leaderboard';
  await turn.respond(notice(`Drill **#${drill.id} ${neutraliseMentions(drill.name)}** ${done}.`));
}

async function runNow(turn: Turn, ref: string | undefined): Promise<void> {
  const { store, clock, catalog } = turn.deps;
  const drill = await findDrill(turn, ref);
  const now = clock.now();
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const slot = { at: now, local: `now:${minute.toISOString()}` };
  const questions = chooseQuestions(catalog, drill, await store.drills.history(drill.channel), slot.local);
  if (questions.length === 0) throw bad(`${sourceTitle(catalog, drill)} has no quiz questions left`);
  const runId = await store.drills.createRun(drill, slot, questions, now);
  if (!runId) throw bad('it was already started this minute');
  await turn.respond(notice(`Drill **#${drill.id} ${neutraliseMentions(drill.name)}** runs now: its thread opens in the drill's channel.`));
  await turn.deps.scheduler?.wake();
}

export async function answerDrill(turn: Turn, value: string): Promise<void> {
  const { store, clock, catalog } = turn.deps;
  const parsed = parseAnswerButton(value);
  if (!parsed) throw new UserError('outdatedButton');
  const target = await store.drills.answerTarget(parsed.runId, parsed.position);
  if (!target || !target.postedAt || !target.deadlineAt) throw new UserError('outdatedButton');
  const now = clock.now();
  const closed = () => new UserError('drillClosed', { closed: localClock(localTime(target.deadlineAt!, target.timeZone)) });
  if (!['created', 'posted'].includes(target.status) || now.getTime() >= target.deadlineAt.getTime()) throw closed();
  const option = catalog.question(target.questionId)?.question.options.find((o) => o.id === parsed.optionId);
  if (!option) throw new UserError('outdatedButton');
  const elapsedMs = Math.max(0, now.getTime() - target.postedAt.getTime());
  const outcome = await store.drills.recordAnswer({
    runId: target.runId,
    questionId: target.questionId,
    learnerId: turn.learner.id,
    optionId: option.id,
    correct: option.correct,
    points: answerPoints(option.correct, elapsedMs, target.windowMinutes * 60_000),
    elapsedMs,
    answeredAt: now,
  });
  if (outcome === 'closed') throw closed();
  if (outcome === 'duplicate') throw new UserError('alreadyDone');
  await turn.respond(renderLockedIn(option.id, parsed.position, outcome === 'changed', target.deadlineAt, target.timeZone));
}

/** Calendar periods in UTC: weeks start on Monday, seasons are calendar months. */
export function periodStart(period: Period, now: Date): Date | null {
  if (period === 'all') return null;
  if (period === 'month') return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const day = (now.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day));
}

export async function showLeaderboard(turn: Turn, period: Period = 'week', scope: 'channel' | 'workspace' = 'channel'): Promise<void> {
  const since = periodStart(period, turn.deps.clock.now());
  const rows = await turn.deps.store.drills.leaderboard({
    platform: turn.conv.platform,
    workspaceId: turn.conv.workspaceId,
    ...(scope === 'channel' ? { channelId: turn.conv.channelId } : {}),
    since,
  });
  await turn.respond(renderLeaderboard(rows, period, scope === 'channel' ? 'this channel' : 'this workspace'));
}

export async function setLeaderboardPrivacy(turn: Turn, value: 'on' | 'off'): Promise<void> {
  await turn.deps.store.drills.setLeaderboardHidden(turn.learner.id, value === 'off', turn.deps.clock.now());
  await turn.respond(notice(value === 'off' ? 'Done: leaderboards and results show you as "a member (name hidden)"; your points still count.' : 'Done: leaderboards show your name again.'));
}
