// What the contract suite needs from an adapter under test: act as a person in a conversation and read
// back what that person sees. One harness per adapter (terminal, the in-memory fake, Discord and Slack
// against their fakes when they land).
import type { ConvRef } from '../../../src/core/messages.ts';
import type { JobResult, ScheduledJob } from '../../../src/core/scheduled.ts';

export type Where = 'main' | number; // the main channel, or the n-th thread opened (1-based)

export interface Seen {
  text: string;
  /** The platform showed it to this person only (or, where it cannot, marked it so). */
  private: boolean;
  /** Labels of pressable buttons; a locked row shows `locked` instead. */
  buttons: string[];
  locked?: string;
}

export interface Interactions {
  /** Acknowledgements per delivery. */
  acknowledgements(): { deliveryId: string; count: number; beforeWork: boolean }[];
  /** Holds the core's work (a slow database) until the returned function is called. */
  holdWork(): () => void;
}

export interface Harness {
  readonly name: string;
  /** 'hidden': others never see a private reply; 'marked': one shared screen, private replies are marked. */
  readonly privacy: 'hidden' | 'marked';
  /** Platforms acknowledge interactions and give delivery ids; the terminal has neither, so no such part. */
  readonly interactions?: Interactions;
  /** The longest message the platform takes. */
  readonly maxTextLength: number;
  send(user: string, where: Where, line: string, options?: { deliveryId?: string }): Promise<void>;
  press(user: string, where: Where, label: string): Promise<void>;
  /** The platform delivers `user`'s last press once more, as a retried delivery (the terminal: the same event again). */
  pressAgain(user: string): Promise<void>;
  /** Scheduled work through coach.run, given the main channel as this platform names it. */
  schedule(job: (main: ConvRef) => ScheduledJob): Promise<JobResult>;
  /** The next event's work fails once (a broken database), so its error reply can be seen. */
  failNextWork(): void;
  /** Where the platform has forms: submits the last form opened for `user`. Elsewhere: the text answer, typed in `where`. */
  answerForm(user: string, where: Where, text: string): Promise<void>;
  /** Titles of the forms opened for `user` (none where the platform has no forms). */
  formsOpened(user: string): string[];
  seen(user: string, where: Where): Seen[];
  threadTitles(): string[];

  count(table: string): number;
  close(): Promise<void>;
}
