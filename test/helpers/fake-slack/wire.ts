// The fake Web API's wire format: form-encoded or JSON arguments in, JSON or text out, and Slack's own
// refusals of messages beyond its limits.
import type { IncomingMessage, ServerResponse } from 'node:http';

type Args = Record<string, any>;

// Arguments that hold JSON (the web client form-encodes them as strings).
const JSON_ARGS = new Set(['blocks', 'view', 'attachments', 'metadata']);

/** Slack's own refusals for what a message may hold (the limits the adapter must respect). */
export function checkMessage(a: Record<string, any>): string | undefined {
  const blocks: Args[] = a.blocks ?? [];
  if (!a.text && blocks.length === 0) return 'no_text';
  if (blocks.length > 50) return 'invalid_blocks';
  for (const block of blocks) {
    if (block.type === 'section' && (block.text?.text?.length ?? 0) > 3000) return 'invalid_blocks';
    if (block.type === 'header' && (block.text?.text?.length ?? 0) > 150) return 'invalid_blocks';
    if (block.type === 'actions') {
      if ((block.elements?.length ?? 0) > 25) return 'invalid_blocks';
      const ids = new Set<string>();
      for (const e of block.elements ?? []) {
        if ((e.text?.text?.length ?? 0) > 75 || (e.action_id?.length ?? 0) > 255 || (e.value?.length ?? 0) > 2000) return 'invalid_blocks';
        if (ids.has(e.action_id)) return 'invalid_blocks';
        ids.add(e.action_id);
      }
    }
  }
  return undefined;
}

export function parseArgs(raw: string, contentType: string): Record<string, any> {
  if (contentType.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, any>) : {};
  const args: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = JSON_ARGS.has(key) ? JSON.parse(value) : value;
  }
  return args;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  const json = typeof body !== 'string';
  res.writeHead(status, { 'content-type': json ? 'application/json' : 'text/plain' });
  res.end(json ? JSON.stringify(body) : body);
}
