// Interfaces the core needs from the outside world. The outer folders implement them: db/ the Store,
// adapters/ the Adapter, runner/ the CodeRunner, main.ts the Clock.
import type { ConvRef, InboundEvent, OutboundMessage, Platform, UserRef } from './messages.ts';
import type { ResponseOps } from './responder.ts';
export type { CodeRunner, CodeJob, CodeResult } from './coderun/types.ts';
import type { DrillRepository } from './drills/model.ts';
export type { DrillRepository } from './drills/model.ts';

export interface Clock {
  now(): Date;
}

/** What one message may hold on the platform; the shared splitter (core/text) keeps messages within it. */
export interface AdapterLimits {
  maxTextLength: number;
  maxButtonsPerRow: number;
  maxRows: number;
  /** The platform can open a form as the first response to a click. */
  forms: boolean;
  privateReplies: boolean;
}

export interface Adapter {
  readonly platform: Platform;
  readonly limits: AdapterLimits;
  start(onEvent: (e: InboundEvent) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
  post(conv: ConvRef, msg: OutboundMessage): Promise<{ messageId: string }>;
  /**
   * How this adapter answers one event (see responder.ts). Without it, every answer is posted in the
   * event's conversation, private ones marked as such: the terminal's way.
   */
  responseOps?(event: InboundEvent): ResponseOps;
  update(conv: ConvRef, messageId: string, msg: OutboundMessage): Promise<void>;
  /** A private conversation with the person (a DM), for reminders and reviews. */
  openDirect?(user: UserRef): Promise<ConvRef>;
  /** Opens a thread under conv's channel and posts `first` in it. */
  startThread(conv: ConvRef, title: string, first: OutboundMessage): Promise<ConvRef>;
}

export interface LearnerRecord {
  id: string;
  displayName: string;
}

export interface EnrollmentRecord {
  trackId: string;
  currentStep: number;
  updatedAt: Date;
}

export interface LessonProgressRecord {
  lessonId: string;
  status: 'started' | 'completed';
  confidence: number | null;
  startedAt: Date;
  completedAt: Date | null;
}

export interface ConfidenceRecord {
  lessonId: string;
  value: number;
  ratedAt: Date;
}

export interface QuizAttemptRecord {
  learnerId: string;
  questionId: string;
  lessonId: string;
  topic: string;
  chosen: string;
  correct: boolean;
  sessionId: string;
  answeredAt: Date;
}

export interface ExplainAttemptRecord {
  learnerId: string;
  lessonId: string;
  text: string;
  seconds: number;
  words: number;
  late: boolean;
  score: number;
  points: { id: string; hit: boolean }[];
  answeredAt: Date;
}

export interface ExerciseCompletionRecord {
  exerciseId: string;
  lessonId: string;
  completedAt: Date;
}

export interface StateRecord {
  key: string;
  version: number;
  /** JSON-serialisable state owned by core/threads.ts. */
  state: unknown;
}

export interface LearnerRepository {
  /** Finds or creates the learner behind a platform identity, keeping the display name current. */
  resolve(user: UserRef): Promise<LearnerRecord>;
}

/** Reads only: every write is an Effect, so that what belongs together is written in one transaction. */
export interface ProgressRepository {
  /** Newest first: the track used last comes first. */
  enrollments(learnerId: string): Promise<EnrollmentRecord[]>;
  lessonProgress(learnerId: string): Promise<LessonProgressRecord[]>;
  confidenceHistory(learnerId: string): Promise<ConfidenceRecord[]>;
  exerciseCompletions(learnerId: string): Promise<ExerciseCompletionRecord[]>;
}

export interface AttemptRepository {
  quizAttempts(learnerId: string): Promise<QuizAttemptRecord[]>;
  explainAttempts(learnerId: string): Promise<ExplainAttemptRecord[]>;
}

/**
 * One thing to write. Effects given together are written in one transaction, with the state they belong
 * to when there is one.
 */
export type Effect =
  | { kind: 'quizAttempt'; attempt: QuizAttemptRecord }
  | { kind: 'explainAttempt'; attempt: ExplainAttemptRecord }
  | { kind: 'lessonStarted'; learnerId: string; lessonId: string; at: Date }
  | { kind: 'lessonCompleted'; learnerId: string; lessonId: string; at: Date }
  /** Moves the learner's step forward to `step` (never back) and marks the track as the one used last. */
  | { kind: 'stepReached'; learnerId: string; trackId: string; step: number; at: Date }
  /** Appends to the rating history and sets the lesson's current confidence. */
  | { kind: 'confidenceRated'; learnerId: string; lessonId: string; value: number; at: Date }
  /** The learner's code printed an exercise's expected output; the first time is kept. */
  | { kind: 'exerciseSolved'; learnerId: string; lessonId: string; exerciseId: string; at: Date }
  /** A one-shot claim (a button press): when the id was claimed before, nothing at all is written. */
  | { kind: 'once'; id: string; at: Date }
  /** The event being handled, claimed for good in the transaction of its first write (see core/delivery.ts). */
  | { kind: 'delivered'; id: string; at: Date };

/** saved; conflict: the state's version moved (re-read and decide again); duplicate: a `once` was already claimed. */
export type WriteOutcome = 'saved' | 'conflict' | 'duplicate';

export interface StateRepository {
  /** May hand out the same object as an earlier get or save while the stored state is unchanged: read it, never change it. */
  get(key: string): Promise<StateRecord | undefined>;
  /**
   * In one transaction: writes state if the stored version still equals expectedVersion (null: it must not
   * exist yet), and the effects with it. On a conflict or a duplicate nothing at all is written.
   */
  save(key: string, state: unknown, expectedVersion: number | null, effects: Effect[]): Promise<WriteOutcome>;
}

/**
 * Platform deliveries, so a retried delivery is handled once. A claim is a lease while the event is handled
 * and becomes permanent when the event is settled (handled, or something of it committed).
 */
export interface EventLog {
  /**
   * Takes the event for handling; false when it was settled, or when another handler holds its lease and
   * took it after `staleBefore` (a lease older than that was left by a handler that died).
   */
  claim(eventId: string, at: Date, staleBefore: Date): Promise<boolean>;
  /** The event was handled, or some of its writes committed: its retries are ignored from now on. */
  settle(eventId: string, at: Date): Promise<void>;
  /** Gives the lease back after handling failed before anything was saved, so the platform's retry is handled. */
  release(eventId: string): Promise<void>;
  /** Forgets deliveries older than `deliveriesBefore` and one-shot button claims older than `pressesBefore`. */
  prune(deliveriesBefore: Date, pressesBefore: Date): Promise<number>;
}

/** One platform account of a learner. */
export interface IdentityRecord {
  platform: Platform;
  externalId: string;
  displayName: string;
}

/**
 * What typing a link code did. Every outcome but `linked` wrote nothing. `self`: the code was issued by
 * this very learner (`used`: and the two are already one). `alreadyLinked`: the typing account belongs to a
 * learner with other accounts (listed). `samePlatform`: the issuing learner already has an account on this
 * platform (named).
 */
export type LinkOutcome =
  | { kind: 'linked'; identities: IdentityRecord[] }
  | { kind: 'unknown' | 'expired' | 'used' }
  | { kind: 'self'; used: boolean }
  | { kind: 'alreadyLinked'; others: IdentityRecord[] }
  | { kind: 'samePlatform'; existing: IdentityRecord };

/** What confirming an unlink did; only `unlinked` wrote anything. `remaining`: the accounts that keep the history. */
export type UnlinkOutcome =
  | { kind: 'unlinked'; remaining: IdentityRecord[] }
  | { kind: 'unknown' | 'expired' | 'used' | 'notYours' | 'notLinked' };

/** Joins platform identities into one learner and splits them again (see db/links.ts for the rules). */
export interface LinkRepository {
  /** Every account of the learner, oldest first. */
  identities(learnerId: string): Promise<IdentityRecord[]>;
  /**
   * Keeps a secret (hashed) for the account's learner until `expiresAt`: a link code (replacing the
   * learner's unused ones) or an unlink confirmation token.
   */
  issue(purpose: 'link' | 'unlink', user: UserRef, secret: string, now: Date, expiresAt: Date): Promise<void>;
  /** In one transaction: uses the code and merges the typing account's learner into the code's learner. */
  link(user: UserRef, code: string, now: Date): Promise<LinkOutcome>;
  /** In one transaction: uses the token and moves this account off to a fresh learner. */
  unlink(user: UserRef, token: string, now: Date): Promise<UnlinkOutcome>;
}

export interface Store {
  learners: LearnerRepository;
  links: LinkRepository;
  progress: ProgressRepository;
  attempts: AttemptRepository;
  states: StateRepository;
  events: EventLog;
  /** Drills, their runs and answers (insert-once rows, not conversation state). */
  drills: DrillRepository;
  /** Writes effects that belong to no state, in one transaction. */
  write(effects: Effect[]): Promise<Exclude<WriteOutcome, 'conflict'>>;
}

/**
 * What a model grader is asked: the prompt, the rubric's points (id and text only) and the learner's
 * answer, which is untrusted data to be graded, never instructions.
 */
export interface JudgeInput {
  prompt: string;
  points: { id: string; point: string }[];
  answer: string;
}

/** A grader's claim per rubric point; the core checks every evidence quote against the answer itself. */
export interface JudgeVerdict {
  points: { id: string; hit: boolean; evidence?: string | undefined }[];
}

/** An optional second grader for explain answers (a language model behind grader/). */
export interface ExplainJudge {
  /** undefined when there is no usable verdict (down, slow, invalid output; already logged): the rule grader answers. */
  judge(input: JudgeInput): Promise<JudgeVerdict | undefined>;
}
