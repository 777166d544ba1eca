// JSON Schemas for editors, generated from the zod schemas so they cannot drift apart.
import { z } from 'zod';
import { lessonSchema, trackSchema } from './schema.ts';

export function contentJsonSchemas(): Record<'track.schema.json' | 'lesson.schema.json', string> {
  const render = (schema: z.ZodType, title: string) =>
    JSON.stringify({ title, ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) }, null, 2) + '\n';
  return {
    'track.schema.json': render(trackSchema, 'Interview Coach track'),
    'lesson.schema.json': render(lessonSchema, 'Interview Coach lesson'),
  };
}
