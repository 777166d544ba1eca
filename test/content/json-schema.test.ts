import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentJsonSchemas } from '../../src/content/json-schema.ts';

describe('JSON Schema for editors', () => {
  it('given the zod schemas, the committed schema files are up to date (run npm run content:schema)', () => {
    for (const [name, text] of Object.entries(contentJsonSchemas())) {
      expect(readFileSync(path.resolve('content/schema', name), 'utf8')).toBe(text);
    }
  });

  it('describes the required lesson fields and the quiz option ids', () => {
    const lesson = JSON.parse(contentJsonSchemas()['lesson.schema.json']);
    expect(lesson.required).toEqual(expect.arrayContaining(['id', 'step', 'title', 'quiz', 'explain', 'references']));
    expect(lesson.properties.quiz.minItems).toBe(6);
    expect(lesson.additionalProperties).toBe(false);
  });
});
