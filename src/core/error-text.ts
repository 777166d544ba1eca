// What a learner reads for each UserError. Adapters may restyle these but the wording lives here, once.
import { CoachError, type UserError, type UserErrorId } from './errors.ts';
import { neutraliseMentions } from './text/index.ts';

const TEXT: Record<UserErrorId, (c: Record<string, string>) => string> = {
  unknownCommand: (c) => `I don't know \`/${c.command ?? ''}\`. Try \`/help\` for the list of commands.`,
  badArguments: (c) => `That doesn't fit: ${c.reason ?? 'invalid arguments'}. Usage: \`${c.usage ?? ''}\``,
  unknownTrack: (c) => `There is no track "${c.track ?? ''}". Tracks: ${c.choices ?? ''}.`,
  unknownStep: (c) => `Track ${c.track ?? ''} has no step "${c.step ?? ''}". Steps: ${c.choices ?? ''}.`,
  unknownLesson: (c) => `I can't find lesson "${c.lesson ?? ''}". Use a lesson id or a step number of your current track.`,
  lessonNotWritten: (c) => `Step ${c.step ?? ''} of ${c.track ?? ''} ("${c.title ?? ''}") isn't written yet. Ready steps: ${c.choices ?? ''}.`,
  noLessonYet: () => 'You have no lesson yet. Start one with `/lesson`.',
  noQuestions: (c) => `There are no quiz questions for ${c.scope ?? 'that'} yet.`,
  outdatedButton: (c) => (c.reason === 'notYours' ? 'That button belongs to someone else\'s session.' : 'That button is from an older message; nothing was recorded.'),
  othersQuestion: (c) => `That question is ${c.name ?? 'another learner'}'s, so nothing was recorded. Start your own quiz with \`/quiz\`.`,
  badForm: (c) => `That form could not be used: ${c.reason ?? 'it was incomplete'}. Nothing was recorded.`,
  untrackedThread: () => "This thread isn't one of my lesson threads, so I can't run code here. Open a lesson with `/lesson` and post it there, or use `/run`.",
  explainExpired: () => 'That explain prompt is no longer open (it expired or was answered), so nothing was recorded. Start a new one with `/explain`.',
  alreadyDone: () => 'Already done: that was handled a moment ago, nothing was recorded twice.',
  runnerUnavailable: (c) => `The Python runner isn't available right now${c.reason ? ` (${c.reason})` : ''}. Everything else still works.`,
  runnerBusy: () => 'Your previous code is still running; wait for its result, then try again.',
  runLimit: (c) => `You have run code ${c.runs ?? ''} times in the last minute; try again in ${c.seconds ?? ''} s.`,
  noCode: () => 'No code found. Post a ```python block, or use `/run print("hi")`.',
  codeRejected: (c) => `The runner refused that code: ${c.reason ?? 'invalid'}.`,
  adminOnly: (c) => `Only admins of this workspace can use \`/${c.command ?? ''}\`; nothing was changed.`,
  badDrill: (c) => `That drill can't be set up: ${c.reason ?? 'invalid settings'}. Nothing was scheduled.`,
  unknownDrill: (c) => `There is no drill "${c.drill ?? ''}" in this workspace; \`/drill list\` shows them. Nothing was changed.`,
  drillClosed: (c) => `This drill question closed at ${c.closed ?? 'its deadline'}, so your answer was not recorded. Watch for the next drill!`,
  cannotPost: (c) => `I can't post in this channel${c.reason ? ` (${c.reason})` : ''}, so nothing was scheduled. Let me send messages and create threads here, then try again.`,
  notInChannel: () => "I can't post here: I'm not a member of this conversation. Invite me (mention me or add the app to the channel), or use me in a public channel or from my App Home.",
};

/** The context often echoes what the learner typed (`/quiz <!channel>`): it must not ping anyone. */
export function describeUserError(error: UserError): string {
  const context = Object.fromEntries(Object.entries(error.context).map(([key, value]) => [key, neutraliseMentions(value)]));
  return TEXT[error.id](context);
}

/**
 * What a learner sees when handling failed on our side. The details go to the log under `errorId`, which
 * the learner can quote to whoever runs the bot.
 */
export function describeFailure(error: unknown, errorId: string): string {
  if (error instanceof CoachError && error.code === 'storage-full') {
    return `I couldn't save that: the coach's storage is full, so nothing was recorded. The admins can see it in the log (error id \`${errorId}\`); please try again later.`;
  }
  return `Something went wrong on my side; it has been logged as error \`${errorId}\`. Please try again.`;
}

/**
 * A failure after some of the event's writes committed (its reply failed, or a later step): the learner is
 * told what was kept, so they do not do it again and record it twice. `saved` names what committed
 * ("your rating"); empty when only something without a name of its own was (a conversation's state, a
 * button's one-shot claim), and then no advice either way: doing it again may or may not be what they want.
 */
export function describeFailureAfterSave(saved: readonly string[], errorId: string): string {
  const logged = `it has been logged as error \`${errorId}\``;
  if (saved.length === 0) return `What you did was saved, but something went wrong after that and I couldn't show you the reply; ${logged}.`;
  const what = saved.length === 1 ? saved[0]! : `${saved.slice(0, -1).join(', ')} and ${saved.at(-1)!}`;
  const verb = saved.length > 1 ? 'were' : 'was';
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} ${verb} saved, but something went wrong after that and I couldn't show you the reply; ${logged}. There is no need to do it again.`;
}
