// The judge on its own, as the evaluation script uses it: createOpenAiJudge + gradeWithJudge.
import { afterEach, describe, expect, it } from 'vitest';
import type { ExplainPrompt } from '../../src/core/content/model.ts';
import { gradeWithJudge } from '../../src/core/explain/index.ts';
import { chatCompletionsUrl, createOpenAiJudge } from '../../src/grader/openai-judge.ts';
import { startFakeGrader, type FakeGrader } from '../helpers/fake-grader.ts';

const prompt: ExplainPrompt = {
  id: 'p',
  prompt: 'What does select_related do?',
  seconds: 30,
  wordBudget: 40,
  rubric: [
    { id: 'join', point: 'Uses a SQL join', concepts: [['join']] },
    { id: 'fk', point: 'For foreign keys and one-to-one', concepts: [['foreign key']] },
  ],
};

const warnings: { obj: object; msg?: string | undefined }[] = [];
const logger = { warn: (obj: object, msg?: string) => void warnings.push({ obj, msg }), info: () => {}, error: () => {} };

let fake: FakeGrader | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
  warnings.length = 0;
});

describe('createOpenAiJudge', () => {
  it('given a base URL with or without /chat/completions, posts to /chat/completions once', () => {
    expect(chatCompletionsUrl('http://127.0.0.1:11434/v1')).toBe('http://127.0.0.1:11434/v1/chat/completions');
    expect(chatCompletionsUrl('http://127.0.0.1:8080/v1/')).toBe('http://127.0.0.1:8080/v1/chat/completions');
    expect(chatCompletionsUrl('https://example.test/openai/v1/chat/completions')).toBe('https://example.test/openai/v1/chat/completions');
  });

  it('given a good endpoint and no key, grades one answer for the evaluation with no Authorization header', async () => {
    fake = await startFakeGrader();
    fake.verdict((task) => ({ points: [{ id: 'join', hit: true, evidence: task.answer.slice(0, 24) }, { id: 'fk', hit: false }] }));
    const judge = createOpenAiJudge({ url: `${fake.url}/chat/completions`, model: 'local', logger });
    const graded = await gradeWithJudge(judge, prompt, 'It does the SQL join up front so related rows come in the same query.', 12, logger);
    expect(graded).toMatchObject({ gradedBy: 'model', score: 50, points: [{ id: 'join', hit: true, matched: 'It does the SQL join up' }, { id: 'fk', hit: false }] });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.path).toBe('/v1/chat/completions');
    expect(fake.requests[0]!.headers.authorization).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('given the endpoint fails, the evaluation sees the rule grade marked as such', async () => {
    fake = await startFakeGrader();
    fake.answer(() => ({ status: 502, contentType: 'text/html', raw: '<html>Bad gateway</html>' }));
    const judge = createOpenAiJudge({ url: fake.url, model: 'local', apiKey: 'sk-secret-value-123', logger, timeoutMs: 1000 });
    const graded = await gradeWithJudge(judge, prompt, 'A join over the foreign key.', 12, logger);
    expect(graded).toMatchObject({ gradedBy: 'rules', score: 100 });
    expect(warnings).toEqual([{ obj: { grader: new URL(fake.url).origin, model: 'local', reason: 'http-error', detail: 'HTTP 502', status: 502 }, msg: 'model grader gave no usable verdict; the rule grader answered' }]);
    expect(JSON.stringify(warnings)).not.toContain('sk-secret');
  });
});
