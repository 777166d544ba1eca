// Zod schemas for content files. They are the single source of truth: the loader validates with them,
// the JSON Schema for editors is generated from them, and the importer stores what they produce.
import { z } from 'zod';

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a kebab-case id (a-z, 0-9, single dashes)');
const text = z.string().trim().min(1, 'must not be empty');
export const levelSchema = z.enum(['beginner', 'intermediate', 'advanced']);
const isoDate = z.iso.date('must be a date written YYYY-MM-DD');

export const trackStepSchema = z.strictObject({
  id,
  title: text,
  level: levelSchema,
});

export const trackSchema = z.strictObject({
  id,
  title: text,
  description: text,
  level: text.describe('who the track is for, e.g. "beginner to advanced"'),
  steps: z.array(trackStepSchema).min(1, 'a track needs at least one step'),
});

export const quizOptionSchema = z.strictObject({
  id: z.string().regex(/^[a-f]$/, 'option ids are a, b, c, d, e or f'),
  text,
  correct: z.boolean().default(false),
  explanation: text.describe('why this option is right or wrong; shown after the learner answers'),
});

export const quizQuestionSchema = z
  .strictObject({
    id,
    topic: text.describe('short topic tag, e.g. "orm-performance"'),
    difficulty: z.enum(['easy', 'medium', 'hard']),
    prompt: text,
    options: z.array(quizOptionSchema).min(2).max(6),
  })
  .superRefine((q, ctx) => {
    const correct = q.options.filter((o) => o.correct).length;
    if (correct !== 1) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: `needs exactly one correct option, found ${correct}` });
    }
    const seen = new Set<string>();
    q.options.forEach((o, i) => {
      if (seen.has(o.id)) ctx.addIssue({ code: 'custom', path: ['options', i, 'id'], message: `duplicate option id "${o.id}"` });
      seen.add(o.id);
    });
  });

const rubricTerm = z
  .string()
  .trim()
  .regex(/^[^\s*]+\*?(?:\s+[^\s*]+\*?)*$/u, 'must be words, each may end in * to mark a stem (e.g. "prefetch*")')
  .regex(/[\p{L}\p{N}+#@]/u, 'must contain a letter, a digit or @')
  .describe('whole words, case-insensitive; a word ending in * is a stem ("prefetch*" matches "prefetching")');

export const rubricPointSchema = z.strictObject({
  id,
  point: text.describe('what a good answer must convey'),
  concepts: z
    .array(z.array(rubricTerm).min(1, 'a concept needs at least one term'))
    .min(1, 'list the concepts a statement of this point must bring together')
    .describe('the concepts that must occur together in one sentence for the point to count; each concept lists its synonyms'),
});

export const explainSchema = z.strictObject({
  id,
  prompt: text.describe('e.g. "Explain select_related to a junior dev"'),
  seconds: z.number().int().min(10).max(300).default(30),
  wordBudget: z.number().int().min(20).max(400),
  rubric: z.array(rubricPointSchema).min(4, 'needs at least 4 rubric points'),
});

export const interviewQaSchema = z.strictObject({
  id,
  question: text,
  answer: text.describe('model answer: definition -> how you used it -> trade-off'),
});

const officialDocHosts = ['docs.djangoproject.com', 'docs.python.org', 'peps.python.org', 'docs.pytest.org', 'packaging.python.org'];

export const referenceSchema = z.strictObject({
  title: text,
  url: z
    .url()
    .refine((u) => officialDocHosts.includes(new URL(u).hostname), {
      message: `must point at official documentation (${officialDocHosts.join(', ')})`,
    })
    .describe('official documentation page, e.g. https://docs.djangoproject.com/en/5.2/topics/db/queries/'),
});

export const exerciseSchema = z.strictObject({
  id,
  title: text,
  task: text,
  doneWhen: text.describe('the observable condition that means the learner is done'),
  starter: text.describe('Python the learner can post as a ```python block'),
  solution: text.describe('reference solution; content:check runs it and compares with expectedOutput'),
  expectedOutput: z.string().describe('exact stdout of the solution (trailing whitespace ignored)'),
  note: z.string().optional().describe('e.g. where current Django behaves differently'),
  requiresDjango: z
    .string()
    .regex(/^\d+\.\d+$/, 'must be a Django feature release like "5.2"')
    .optional()
    .describe('lowest Django the solution needs, e.g. "5.2"; on an older playground the learner is told so plainly'),
});

export const lessonSchema = z
  .strictObject({
    id,
    step: z.number().int().min(1),
    title: text,
    summary: text,
    level: levelSchema,
    readingMinutes: z.number().int().min(1).max(60),
    lastReviewed: isoDate,
    contentVersion: z.string().regex(/^\d{8}$/, 'content version is the review date as YYYYMMDD'),
    reviewedBy: text.optional().describe('who fact-checked this lesson against the official docs'),
    recap: z.array(text).min(1).describe('paragraphs of the "This lesson" recap'),
    topics: z.array(text).min(3, 'list at least 3 high-frequency topics'),
    howToAnswer: text,
    interviewQa: z.array(interviewQaSchema).min(3, 'needs at least 3 interview questions'),
    selfCheck: z.array(text).min(2),
    whiteboard: text,
    discussion: z.array(text).min(2),
    quiz: z.array(quizQuestionSchema).min(6, 'needs at least 6 multiple-choice questions'),
    explain: explainSchema,
    references: z.array(referenceSchema).min(1, 'cite at least one official documentation page'),
    exercises: z.array(exerciseSchema).default([]),
  })
  .superRefine((lesson, ctx) => {
    const ids = new Map<string, string>();
    const claim = (value: string, path: (string | number)[]) => {
      const where = ids.get(value);
      if (where) ctx.addIssue({ code: 'custom', path, message: `id "${value}" is already used at ${where}` });
      else ids.set(value, path.join('.'));
    };
    lesson.interviewQa.forEach((qa, i) => claim(qa.id, ['interviewQa', i, 'id']));
    lesson.quiz.forEach((q, i) => claim(q.id, ['quiz', i, 'id']));
    lesson.exercises.forEach((e, i) => claim(e.id, ['exercises', i, 'id']));
    claim(lesson.explain.id, ['explain', 'id']);
  });

export type TrackFile = z.infer<typeof trackSchema>;
export type LessonFile = z.infer<typeof lessonSchema>;
export type QuizQuestionFile = z.infer<typeof quizQuestionSchema>;
