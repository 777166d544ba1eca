// A fake Slack Web API on loopback HTTP that speaks the real wire format (form-encoded or JSON methods,
// Bearer tokens, `{ ok, error }` answers, 429 with Retry-After) and keeps what a workspace would show:
// messages per channel and thread, ephemerals per user, opened modals, published App Homes. It also
// hands out the single-use `trigger_id`s and the `response_url`s that real payloads carry, and serves
// those URLs. Every call is recorded with its time, so tests can assert on order and timing.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachSocketMode, type FakeSocketMode } from './socket-mode.ts';
import { checkMessage, parseArgs, readBody, send } from './wire.ts';

export const BOT_TOKEN = 'xoxb-fake-bot-token-000000';
export const APP_TOKEN = 'xapp-fake-app-token-000000';
export const BOT_USER = 'UBOTCOACH';
export const TEAM = 'T0TEAM';

/** Block Kit as sent (the fake checks the limits that matter, not every field). */
export type KitBlock = Record<string, any>;

export interface FakeMessage {
  seq: number;
  ts: string;
  channel: string;
  threadTs?: string;
  text: string;
  blocks: KitBlock[];
  /** Set for an ephemeral: only this user sees it. */
  onlyFor?: string;
  via: 'chat.postMessage' | 'chat.postEphemeral' | 'response_url';
  updates: number;
}

export interface FakeCall {
  method: string;
  args: Record<string, any>;
  at: number;
  /** The HTTP status the fake answered (429 for a rate-limited call). */
  status: number;
  ok: boolean;
}

export interface FakeUser {
  id: string;
  name: string;
  tz?: string;
  /** What users.info returns under `profile`: the names people see in Slack. */
  profile?: { display_name?: string; real_name?: string };
  is_admin?: boolean;
  is_owner?: boolean;
}

interface Trigger {
  user: string;
  issuedAt: number;
  used: boolean;
}

interface ResponseUrl {
  channel: string;
  user: string;
  /** The message the interaction came from, which `replace_original` replaces. */
  messageTs?: string;
  uses: number;
  issuedAt: number;
}

const TRIGGER_VALID_MS = 3000;
const RESPONSE_URL_USES = 5;
const RESPONSE_URL_VALID_MS = 30 * 60_000;

export class FakeSlack {
  readonly calls: FakeCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly views: { viewId: string; triggerId: string; user: string; view: KitBlock; at: number }[] = [];
  readonly homes = new Map<string, KitBlock[]>();
  readonly users = new Map<string, FakeUser>();
  readonly usergroups = new Map<string, string[]>();
  /** Channels the bot is not a member of (private ones it was not invited to): posting there fails. */
  readonly closedChannels = new Set<string>();
  socketMode: FakeSocketMode | undefined;
  private readonly triggers = new Map<string, Trigger>();
  private readonly responseUrls = new Map<string, ResponseUrl>();
  private readonly limited = new Map<string, { times: number; retryAfter: number }>();
  /** Messages by channel and ts: Slack's own key for a message. */
  private readonly byTs = new Map<string, FakeMessage>();
  /** Replies per thread and the threads in the order of their first reply, kept as messages arrive. */
  private readonly replies = new Map<string, FakeMessage[]>();
  private readonly threadParents: FakeMessage[] = [];
  private server: Server | undefined;
  private seq = 0;
  private base = '';

  static async start(): Promise<FakeSlack> {
    const fake = new FakeSlack();
    fake.server = createServer((req, res) => void fake.serve(req, res));
    await new Promise<void>((resolve) => fake.server!.listen(0, '127.0.0.1', resolve));
    fake.base = `http://127.0.0.1:${(fake.server!.address() as AddressInfo).port}`;
    fake.socketMode = attachSocketMode(fake.server!);
    return fake;
  }

  /** The Web API base, as SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  async stop(): Promise<void> {
    await this.socketMode?.close();
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  /** The next `times` calls of `method` are answered 429 with this Retry-After (seconds). */
  rateLimit(method: string, times: number, retryAfter: number): void {
    this.limited.set(method, { times, retryAfter });
  }

  /** A trigger_id as a real interaction payload carries: valid 3 s, once. */
  issueTrigger(user: string): string {
    const id = `${++this.seq}.${Date.now()}.trigger${this.seq}`;
    this.triggers.set(id, { user, issuedAt: Date.now(), used: false });
    return id;
  }

  /** A response_url for an interaction by `user` in `channel` (from a message, for replace_original). */
  issueResponseUrl(channel: string, user: string, messageTs?: string): string {
    const id = `R${++this.seq}`;
    this.responseUrls.set(id, { channel, user, uses: 0, issuedAt: Date.now(), ...(messageTs ? { messageTs } : {}) });
    return `${this.base}/response/${TEAM}/${id}/secret${this.seq}`;
  }

  callsOf(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Top-level messages that have replies, in the order their first reply was posted: the threads. */
  threads(): FakeMessage[] {
    return [...this.threadParents];
  }

  message(channel: string, ts: string): FakeMessage | undefined {
    return this.byTs.get(`${channel}/${ts}`);
  }

  /** What `user` sees in a channel (threadTs undefined: its main view) or a thread, in order. */
  seenBy(user: string, channel: string, threadTs?: string): FakeMessage[] {
    const place = threadTs === undefined ? this.messages.filter((m) => m.channel === channel && !m.threadTs) : (this.replies.get(`${channel}/${threadTs}`) ?? []);
    return place.filter((m) => m.onlyFor === undefined || m.onlyFor === user);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.base);
    if (url.pathname.startsWith('/response/')) return this.serveResponseUrl(url.pathname.split('/')[3] ?? '', raw, res);
    if (!url.pathname.startsWith('/api/')) return send(res, 404, { ok: false, error: 'unknown_path' });
    const method = url.pathname.slice('/api/'.length);
    const args = parseArgs(raw, String(req.headers['content-type'] ?? ''));
    const auth = String(req.headers.authorization ?? '').replace(/^Bearer /, '') || String(args.token ?? '');
    const call: FakeCall = { method, args, at: Date.now(), status: 200, ok: true };
    this.calls.push(call);
    const limit = this.limited.get(method);
    if (limit && limit.times > 0) {
      limit.times--;
      call.status = 429;
      call.ok = false;
      res.writeHead(429, { 'retry-after': String(limit.retryAfter), 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
    }
    const expected = method === 'apps.connections.open' ? APP_TOKEN : BOT_TOKEN;
    const answer = auth === expected ? this.method(method, args) : { ok: false, error: 'invalid_auth' };
    call.ok = answer.ok === true;
    send(res, 200, answer);
  }

  private method(method: string, a: Record<string, any>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'coach', team_id: TEAM, user_id: BOT_USER, bot_id: 'BCOACH' };
      case 'chat.postMessage': {
        if (this.closedChannels.has(a.channel)) return { ok: false, error: 'not_in_channel' };
        const problem = checkMessage(a);
        if (problem) return { ok: false, error: problem };
        const m = this.add({ channel: a.channel, text: a.text ?? '', blocks: a.blocks ?? [], via: 'chat.postMessage', ...(a.thread_ts ? { threadTs: a.thread_ts } : {}) });
        return { ok: true, channel: a.channel, ts: m.ts, message: { ts: m.ts, text: m.text } };
      }
      case 'chat.postEphemeral': {
        const problem = checkMessage(a) ?? (a.user ? undefined : 'user_not_in_channel');
        if (problem) return { ok: false, error: problem };
        const m = this.add({ channel: a.channel, text: a.text ?? '', blocks: a.blocks ?? [], via: 'chat.postEphemeral', onlyFor: a.user, ...(a.thread_ts ? { threadTs: a.thread_ts } : {}) });
        return { ok: true, message_ts: m.ts };
      }
      case 'chat.update': {
        const m = this.message(a.channel, a.ts);
        if (!m) return { ok: false, error: 'message_not_found' };
        // Ephemerals cannot be edited through chat.update, only through their response_url.
        if (m.onlyFor) return { ok: false, error: 'cant_update_message' };
        const problem = checkMessage(a);
        if (problem) return { ok: false, error: problem };
        Object.assign(m, { text: a.text ?? m.text, blocks: a.blocks ?? m.blocks, updates: m.updates + 1 });
        return { ok: true, channel: a.channel, ts: a.ts };
      }
      case 'views.open': {
        const trigger = this.triggers.get(a.trigger_id);
        if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
        if (trigger.used) return { ok: false, error: 'exchanged_trigger_id' };
        if (Date.now() - trigger.issuedAt > TRIGGER_VALID_MS) return { ok: false, error: 'expired_trigger_id' };
        if (!a.view?.title?.text || a.view.title.text.length > 24) return { ok: false, error: 'invalid_arguments' };
        trigger.used = true;
        const viewId = `V${++this.seq}`;
        this.views.push({ viewId, triggerId: a.trigger_id, user: trigger.user, view: a.view, at: Date.now() });
        return { ok: true, view: { id: viewId, hash: `h${this.seq}`, ...a.view } };
      }
      case 'views.publish': {
        if ((a.view?.blocks?.length ?? 0) > 100) return { ok: false, error: 'invalid_blocks' };
        this.homes.set(a.user_id, [...(this.homes.get(a.user_id) ?? []), a.view]);
        return { ok: true, view: { id: `VH${++this.seq}`, ...a.view } };
      }
      case 'users.info': {
        const user = this.users.get(a.user);
        return user ? { ok: true, user: { ...user, tz: user.tz ?? 'America/Los_Angeles', is_primary_owner: false } } : { ok: false, error: 'user_not_found' };
      }
      case 'usergroups.users.list': {
        const members = this.usergroups.get(a.usergroup);
        return members ? { ok: true, users: members } : { ok: false, error: 'no_such_subteam' };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(a.users).replace(/^U/, '')}` } };
      case 'apps.connections.open':
        return this.socketMode ? { ok: true, url: this.socketMode.url(this.base) } : { ok: false, error: 'not_allowed' };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private serveResponseUrl(id: string, raw: string, res: ServerResponse): void {
    const entry = this.responseUrls.get(id);
    if (!entry || Date.now() - entry.issuedAt > RESPONSE_URL_VALID_MS) return void send(res, 404, 'expired_url');
    if (entry.uses >= RESPONSE_URL_USES) return void send(res, 404, 'used_url');
    entry.uses++;
    let body: Record<string, any>;
    try {
      body = JSON.parse(raw) as Record<string, any>;
    } catch {
      return void send(res, 400, 'invalid_payload');
    }
    this.calls.push({ method: 'response_url', args: body, at: Date.now(), status: 200, ok: true });
    const problem = checkMessage(body);
    if (problem) return void send(res, 400, problem);
    if (body.replace_original === true && entry.messageTs) {
      const m = this.message(entry.channel, entry.messageTs);
      if (!m) return void send(res, 404, 'message_not_found');
      Object.assign(m, { text: body.text ?? m.text, blocks: body.blocks ?? m.blocks, updates: m.updates + 1 });
      return void send(res, 200, 'ok');
    }
    const inChannel = body.response_type === 'in_channel';
    this.add({ channel: entry.channel, text: body.text ?? '', blocks: body.blocks ?? [], via: 'response_url', ...(inChannel ? {} : { onlyFor: entry.user }), ...(body.thread_ts ? { threadTs: body.thread_ts } : {}) });
    send(res, 200, 'ok');
  }

  private add(m: Omit<FakeMessage, 'seq' | 'ts' | 'updates'>): FakeMessage {
    const seq = ++this.seq;
    const message: FakeMessage = { ...m, seq, ts: `${1_790_000_000 + seq}.${String(seq).padStart(6, '0')}`, updates: 0 };
    this.messages.push(message);
    this.byTs.set(`${message.channel}/${message.ts}`, message);
    if (message.threadTs) {
      const key = `${message.channel}/${message.threadTs}`;
      const replies = this.replies.get(key) ?? this.replies.set(key, []).get(key)!;
      replies.push(message);
      const parent = this.message(message.channel, message.threadTs);
      if (replies.length === 1 && parent && !parent.threadTs) this.threadParents.push(parent);
    }
    return message;
  }
}
