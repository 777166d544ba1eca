// Interfaces the core needs from the outside world. The outer folders implement them: db/ the Store,
// adapters/ the Adapter, runner/ the CodeRunner, main.ts the Clock.
import type { ConvRef, InboundEvent, OutboundMessage, Platform, UserRef } from './messages.ts';
export type { CodeRunner, CodeJob, CodeResult } from './coderun/types.ts';

export interface Clock {
  now(): Date;
}

export interface AdapterLimits {
  maxTextLength: number;
  maxButtonsPerRow: number;
  privateReplies: boolean;
}

export interface Adapter {
  readonly platform: Platform;
  readonly limits: AdapterLimits;
  start(onEvent: (e: InboundEvent) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
  post(conv: ConvRef, msg: OutboundMessage): Promise<{ messageId: string }>;
  update(conv: ConvRef, messageId: string, msg: OutboundMessage): Promise<void>;
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

export interface ThreadRecord {
  key: string;
  version: number;
  /** JSON-serialisable state owned by core/threads.ts. */
  state: unknown;
}

export interface LearnerRepository {
  /** Finds or creates the learner behind a platform identity, keeping the display name current. */
  resolve(user: UserRef): Promise<LearnerRecord>;
}

export interface ProgressRepository {
  /** Newest first: the track used last comes first. */
  enrollments(learnerId: string): Promise<EnrollmentRecord[]>;
  /** Moves the learner's step forward to `step` (never back) and marks the track as the one used last. */
  setCurrentStep(learnerId: string, trackId: string, step: number, at: Date): Promise<void>;
  lessonProgress(learnerId: string): Promise<LessonProgressRecord[]>;
  markStarted(learnerId: string, lessonId: string, at: Date): Promise<void>;
  markCompleted(learnerId: string, lessonId: string, at: Date): Promise<void>;
  /** Appends to the rating history and sets the lesson's current confidence. */
  rateConfidence(learnerId: string, lessonId: string, value: number, at: Date): Promise<void>;
  confidenceHistory(learnerId: string): Promise<ConfidenceRecord[]>;
}

/** Attempts are written with their thread's state (ThreadRepository.commit); this reads them back. */
export interface AttemptRepository {
  quizAttempts(learnerId: string): Promise<QuizAttemptRecord[]>;
  explainAttempts(learnerId: string): Promise<ExplainAttemptRecord[]>;
}

/** A record written together with a thread's new state (see ThreadRepository.commit). */
export type ThreadCommitRecord =
  | { kind: 'quizAttempt'; attempt: QuizAttemptRecord }
  | { kind: 'explainAttempt'; attempt: ExplainAttemptRecord }
  | { kind: 'lessonCompleted'; learnerId: string; lessonId: string; at: Date };

export interface ThreadRepository {
  get(key: string): Promise<ThreadRecord | undefined>;
  /** Writes state if the stored version still equals expectedVersion (null: must not exist). */
  put(key: string, state: unknown, expectedVersion: number | null): Promise<boolean>;
  /**
   * In one transaction: saves the thread's new state if its version still equals expectedVersion, and the
   * records with it. On a version conflict nothing is written and the result is false, which is how a
   * double click or a retried delivery is recorded exactly once.
   */
  commit(key: string, state: unknown, expectedVersion: number, records: ThreadCommitRecord[]): Promise<boolean>;
}

export interface EventLog {
  /** Records an event id; false when it was already recorded (a retried delivery). */
  firstSeen(eventId: string): Promise<boolean>;
}

export interface Store {
  learners: LearnerRepository;
  progress: ProgressRepository;
  attempts: AttemptRepository;
  threads: ThreadRepository;
  events: EventLog;
  /** Runs fn atomically: every write through tx commits together or not at all. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
}
