// A local OpenAI-compatible chat-completions endpoint on a loopback port: records every request (path,
// headers, parsed body) and answers as the test says: a verdict computed from what the model was sent,
// a raw body (HTML, broken JSON), an HTTP status, or a reply slower than the coach's timeout.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraderRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (model, messages, response_format …). */
  body: { model: string; messages: { role: string; content: string }[]; [key: string]: unknown };
  /** The user message parsed: what the model is asked to grade. */
  task: { prompt: string; rubric: { id: string; point: string }[]; answer: string };
}

export interface GraderReply {
  status?: number;
  contentType?: string;
  /** Sent as is; without it `content` is wrapped in a chat completion. */
  raw?: string;
  /** The assistant message's content (a string, or an object sent as its JSON). */
  content?: unknown;
  delayMs?: number;
}

export type Verdict = { points: { id: string; hit: boolean; evidence?: string }[] };

export interface FakeGrader {
  /** API base to give as GRADER_URL. */
  readonly url: string;
  readonly requests: GraderRequest[];
  /** Replies still being held back (a slow reply the coach stopped waiting for). */
  readonly pending: number;
  /** How the next requests are answered. */
  answer(reply: (request: GraderRequest) => GraderReply): void;
  /** Shorthand: answer with the verdict `decide` returns for the task. */
  verdict(decide: (task: GraderRequest['task']) => Verdict | Record<string, unknown>): void;
  stop(): Promise<void>;
}

export function completion(content: string): string {
  return JSON.stringify({
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'fake-model',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });
}

export async function startFakeGrader(): Promise<FakeGrader> {
  const requests: GraderRequest[] = [];
  let reply: (request: GraderRequest) => GraderReply = () => ({ status: 503, raw: 'no reply configured' });
  const timers = new Set<NodeJS.Timeout>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraderRequest['body'];
      const user = body.messages.find((m) => m.role === 'user')?.content ?? '{}';
      const request: GraderRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, task: JSON.parse(user) as GraderRequest['task'] };
      requests.push(request);
      const r = reply(request);
      const text = r.raw ?? completion(typeof r.content === 'string' ? r.content : JSON.stringify(r.content));
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(r.status ?? 200, { 'content-type': r.contentType ?? 'application/json' });
        res.end(text);
      };
      if (!r.delayMs) return send();
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, r.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get pending() {
      return timers.size;
    },
    answer: (next) => void (reply = next),
    verdict: (decide) => void (reply = (request) => ({ content: decide(request.task) })),
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
