// Builds small, valid content trees in a temp folder so tests control exactly what the coach teaches.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

export function quizQuestion(id: string, topic: string, correct: 'a' | 'b' | 'c' = 'b') {
  return {
    id,
    topic,
    difficulty: 'easy',
    prompt: `Question ${id}?`,
    options: (['a', 'b', 'c'] as const).map((o) => ({ id: o, text: `Option ${o} of ${id}`, correct: o === correct, explanation: `Why ${o} of ${id}.` })),
  };
}

export function lesson(step: number, id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    step,
    title: `Lesson ${id}`,
    summary: `Summary of ${id}.`,
    level: 'beginner',
    readingMinutes: 2,
    lastReviewed: '2026-11-26',
    contentVersion: '20261126',
    recap: [`Recap of ${id}.`],
    topics: ['topic one', 'topic two', 'topic three'],
    howToAnswer: 'Definition, how you used it, trade-off.',
    interviewQa: [1, 2, 3].map((n) => ({ id: `${id}-qa-${n}`, question: `Q${n} about ${id}?`, answer: `Model answer ${n} for ${id}.` })),
    selfCheck: ['Can you draw it?', 'Can you explain it?'],
    whiteboard: 'Draw the flow.',
    discussion: ['Weakest topic?', 'Explain in 30s?'],
    quiz: [1, 2, 3, 4, 5, 6].map((n) => quizQuestion(`${id}-q${n}`, n <= 3 ? `${id}-alpha` : `${id}-beta`)),
    explain: {
      id: `${id}-explain`,
      prompt: `Explain ${id} to a junior dev`,
      seconds: 30,
      wordBudget: 40,
      rubric: [
        { id: `${id}-r1`, point: 'Mentions joins', concepts: [['join*'], ['SQL', 'tables', 'query', 'queries', 'select_related']] },
        { id: `${id}-r2`, point: 'Mentions foreign keys', concepts: [['foreign key*', 'FK'], ['join*', 'relation*', 'follow*', 'over', 'related']] },
        { id: `${id}-r3`, point: 'Names the N+1 problem', concepts: [['N+1', 'n plus one'], ['avoid*', 'problem', 'queries', 'prevent*', 'fixes']] },
        { id: `${id}-r4`, point: 'Mentions prefetch for many-to-many', concepts: [['prefetch*'], ['many to many', 'M2M']] },
      ],
    },
    references: [{ title: 'QuerySet API', url: 'https://docs.djangoproject.com/en/5.2/ref/models/querysets/' }],
    exercises: [],
    ...overrides,
  };
}

export interface ContentTree {
  root: string;
  writeLesson(trackId: string, lessonObject: ReturnType<typeof lesson> | Record<string, unknown>, fileName?: string): string;
  writeRaw(relativePath: string, text: string): string;
}

/** A content root with one track of `steps` steps whose first `written` lessons exist. */
export function makeContentTree(options: { trackId?: string; steps?: number; written?: number } = {}): ContentTree {
  const trackId = options.trackId ?? 'demo';
  const steps = options.steps ?? 5;
  const written = options.written ?? 3;
  const root = mkdtempSync(path.join(tmpdir(), 'coach-content-'));
  const tree: ContentTree = {
    root,
    writeRaw(relativePath, text) {
      const file = path.join(root, relativePath);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    writeLesson(track, lessonObject, fileName) {
      const l = lessonObject as { step: number; id: string };
      const name = fileName ?? `${String(l.step).padStart(2, '0')}-${l.id}.yaml`;
      return tree.writeRaw(`tracks/${track}/lessons/${name}`, stringify(lessonObject));
    },
  };
  const stepIds = Array.from({ length: steps }, (_, i) => `${trackId}-step-${i + 1}`);
  tree.writeRaw(
    `tracks/${trackId}/track.yaml`,
    stringify({ id: trackId, title: `Track ${trackId}`, description: 'A test track.', level: 'beginner to advanced', steps: stepIds.map((id, i) => ({ id, title: `Step ${i + 1} title`, level: 'beginner' })) }),
  );
  for (let i = 0; i < written; i++) tree.writeLesson(trackId, lesson(i + 1, stepIds[i]!));
  return tree;
}
