// The core's view of content: tracks, lessons and questions as the importer stored them. The shapes match
// the content files (src/content/schema.ts) so the importer can hand them over without mapping.

export type Level = 'beginner' | 'intermediate' | 'advanced';

export interface TrackStep {
  id: string;
  title: string;
  level: Level;
}

export interface Track {
  id: string;
  title: string;
  description: string;
  level: string;
  steps: TrackStep[];
}

export interface QuizOption {
  id: string;
  text: string;
  correct: boolean;
  explanation: string;
}

export interface QuizQuestion {
  id: string;
  topic: string;
  difficulty: 'easy' | 'medium' | 'hard';
  prompt: string;
  options: QuizOption[];
}

export interface RubricPoint {
  id: string;
  point: string;
  /** Concepts that must occur together in one statement; each is a list of synonyms ("prefetch*" is a stem). */
  concepts: string[][];
}

export interface ExplainPrompt {
  id: string;
  prompt: string;
  seconds: number;
  wordBudget: number;
  rubric: RubricPoint[];
}

export interface Exercise {
  id: string;
  title: string;
  task: string;
  doneWhen: string;
  starter: string;
  solution: string;
  expectedOutput: string;
  note?: string | undefined;
  /** Lowest Django feature release the exercise needs, e.g. "5.2". */
  requiresDjango?: string | undefined;
}

export interface Lesson {
  id: string;
  step: number;
  title: string;
  summary: string;
  level: Level;
  readingMinutes: number;
  lastReviewed: string;
  contentVersion: string;
  reviewedBy?: string | undefined;
  recap: string[];
  topics: string[];
  howToAnswer: string;
  interviewQa: { id: string; question: string; answer: string }[];
  selfCheck: string[];
  whiteboard: string;
  discussion: string[];
  quiz: QuizQuestion[];
  explain: ExplainPrompt;
  references: { title: string; url: string }[];
  exercises: Exercise[];
}
