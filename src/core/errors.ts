// Two kinds of failure. A UserError is something the learner did or may see (unknown command, wrong
// arguments); each adapter maps its stable id to text in one place. A CoachError is everything else: it is
// logged with its cause and the learner sees a generic apology.

export type UserErrorId =
  | 'unknownCommand'
  | 'badArguments'
  | 'unknownTrack'
  | 'unknownStep'
  | 'unknownLesson'
  | 'lessonNotWritten'
  | 'noLessonYet'
  | 'noQuestions'
  | 'outdatedButton'
  | 'othersQuestion'
  | 'alreadyDone'
  | 'runnerUnavailable'
  | 'runnerBusy'
  | 'runLimit'
  | 'noCode'
  | 'codeRejected'
  | 'badForm'
  | 'explainExpired'
  | 'untrackedThread'
  | 'adminOnly'
  | 'badDrill'
  | 'unknownDrill'
  | 'drillClosed'
  | 'cannotPost'
  | 'notInChannel';

export class UserError extends Error {
  constructor(
    readonly id: UserErrorId,
    readonly context: Record<string, string> = {},
  ) {
    super(`${id} ${JSON.stringify(context)}`);
    this.name = 'UserError';
  }
}

export class CoachError extends Error {
  constructor(
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(code, options);
    this.name = 'CoachError';
  }
}
