// Drills as the core sees them, and the repository port db/drills.ts implements. Answers are their own
// insert-once rows (per run, question and member), never part of a conversation's versioned state, so a
// whole channel answering at once never contends on one row.
import type { Platform } from '../messages.ts';
import type { Slot } from './zoned.ts';
import type { Effect } from '../ports.ts';

export type DeliveryClaim = Extract<Effect, { kind: 'delivered' }>;

export interface DrillChannel {
  platform: Platform;
  workspaceId: string;
  channelId: string;
}

export type DrillStatus = 'active' | 'paused' | 'deleted';
export type RunStatus = 'created' | 'posted' | 'revealing' | 'revealed' | 'missed' | 'failed';

export interface DrillSettings {
  name: string;
  channel: DrillChannel;
  scheduleLabel: string;
  cron: string;
  timeZone: string;
  trackId: string;
  /** Set when the drill draws from chosen lessons rather than the whole track. */
  lessonIds: string[] | null;
  questions: number;
  windowMinutes: number;
  graceMinutes: number;
  createdBy: string;
}

export interface DrillRecord extends DrillSettings {
  id: number;
  status: DrillStatus;
  nextDueAt: Date | null;
  nextSlot: string | null;
}

export interface AnswerTarget {
  runId: string;
  status: RunStatus;
  deadlineAt: Date | null;
  postedAt: Date | null;
  questionId: string;
  windowMinutes: number;
  timeZone: string;
}

export interface DrillAnswerRecord {
  runId: string;
  questionId: string;
  learnerId: string;
  optionId: string;
  correct: boolean;
  points: number;
  elapsedMs: number;
  answeredAt: Date;
}

export interface LeaderboardRow {
  learnerId: string;
  name: string;
  /** The member opted out: counted, never named. */
  hidden: boolean;
  points: number;
  correct: number;
  answered: number;
}

export interface LeaderboardScope {
  platform: Platform;
  workspaceId: string;
  /** Undefined: the whole workspace. */
  channelId?: string;
  since: Date | null;
}

/** What the group did with a question before: how often it was asked, answered and answered wrong. */
export interface QuestionHistory {
  questionId: string;
  asked: number;
  answered: number;
  wrong: number;
}

export interface DrillRepository {
  /** Undefined when the workspace already has an active or paused drill of that name. */
  create(settings: DrillSettings, next: Slot, at: Date): Promise<DrillRecord | undefined>;
  /** By number or name, among the workspace's drills that are not deleted. */
  find(platform: Platform, workspaceId: string, ref: string): Promise<DrillRecord | undefined>;
  list(platform: Platform, workspaceId: string): Promise<DrillRecord[]>;
  /** Pause, resume (with the next slot) or delete. */
  setStatus(id: number, status: DrillStatus, next: Slot | null, at: Date): Promise<void>;
  history(channel: DrillChannel): Promise<QuestionHistory[]>;
  /** A run created by hand (`/drill now`); undefined when one for that slot exists. */
  createRun(drill: DrillRecord, slot: Slot, questionIds: string[], at: Date): Promise<string | undefined>;
  answerTarget(runId: string, position: number): Promise<AnswerTarget | undefined>;
  /** Insert-once per run, question and member; a second answer replaces the first. */
  /** 'closed' (nothing written) once the run's reveal started or its deadline passed. */
  /**
   * `claim`: the delivery's claim, committed in the answer's own transaction (see core/delivery.ts);
   * 'duplicate' when another handler of the same event already settled it (nothing written).
   */
  recordAnswer(answer: DrillAnswerRecord, claim?: DeliveryClaim): Promise<'new' | 'changed' | 'closed' | 'duplicate'>;
  leaderboard(scope: LeaderboardScope): Promise<LeaderboardRow[]>;
  setLeaderboardHidden(learnerId: string, hidden: boolean, at: Date): Promise<void>;
}
