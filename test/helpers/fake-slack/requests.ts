// Slack's side of the app's HTTP endpoint: slash commands, button clicks, modal submissions and Events
// API deliveries, shaped as Slack sends them (form-encoded commands, `payload=` interactions, JSON events)
// and signed with a real HMAC-SHA256 of `v0:{timestamp}:{body}`. Every delivery records when the HTTP
// acknowledgement came back, and the trigger_ids and response_urls in them come from the fake Web API,
// so the app can really use them.
import { createHmac } from 'node:crypto';
import { BOT_USER, TEAM, type FakeMessage, type FakeSlack, type KitBlock } from './server.ts';

export const SIGNING_SECRET = 'fake-signing-secret-0123456789abcdef';

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signedHeaders(body: string, contentType: string, options: { secret?: string; timestamp?: number } = {}): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature(options.secret ?? SIGNING_SECRET, timestamp, body),
  };
}

export interface Delivery {
  status: number;
  body: string;
  /** Milliseconds from sending to the HTTP acknowledgement. */
  ackMs: number;
  /** When the acknowledgement arrived (performance.now()). */
  ackedAt: number;
}

export interface Person {
  id: string;
  name: string;
  team?: string;
  enterprise?: string;
}

export interface DeliveryOptions {
  headers?: Record<string, string>;
  /** Sent as X-Slack-Retry-Num (Events API retries). */
  retryNum?: number;
  /** Signs with this timestamp (seconds), e.g. an old one for a replay. */
  timestamp?: number;
}

export class SlackRequests {
  private counter = 0;
  constructor(
    readonly endpoint: string,
    readonly fake: FakeSlack,
  ) {}

  /** POSTs a body as Slack would, signed unless the headers say otherwise. */
  async raw(body: string, contentType: string, options: DeliveryOptions = {}): Promise<Delivery> {
    const headers = { ...signedHeaders(body, contentType, options.timestamp === undefined ? {} : { timestamp: options.timestamp }), ...options.headers };
    if (options.retryNum !== undefined) Object.assign(headers, { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' });
    const sent = performance.now();
    const response = await fetch(this.endpoint, { method: 'POST', headers, body });
    const ackedAt = performance.now();
    return { status: response.status, body: await response.text(), ackMs: ackedAt - sent, ackedAt };
  }

  commandBody(person: Person, channel: string, text: string, triggerId = this.fake.issueTrigger(person.id)): string {
    const fields: Record<string, string> = {
      token: 'deprecated-verification-token',
      team_id: person.team ?? TEAM,
      team_domain: 'fake',
      channel_id: channel,
      channel_name: 'study',
      user_id: person.id,
      user_name: person.name,
      command: '/coach',
      text,
      api_app_id: 'AFAKE',
      is_enterprise_install: 'false',
      response_url: this.fake.issueResponseUrl(channel, person.id),
      trigger_id: triggerId,
      ...(person.enterprise ? { enterprise_id: person.enterprise, enterprise_name: 'Grid' } : {}),
    };
    return new URLSearchParams(fields).toString();
  }

  command(person: Person, channel: string, text: string, options: DeliveryOptions & { triggerId?: string } = {}): Promise<Delivery> {
    return this.raw(this.commandBody(person, channel, text, options.triggerId), 'application/x-www-form-urlencoded', options);
  }

  /** A click on a button of a message the fake holds (`element`: the button as rendered). */
  clickBody(person: Person, message: FakeMessage, element: KitBlock, blockId = 'b'): string {
    const ephemeral = message.onlyFor !== undefined;
    const payload = {
      type: 'block_actions',
      user: { id: person.id, username: person.name, name: person.name, team_id: person.team ?? TEAM },
      api_app_id: 'AFAKE',
      token: 'deprecated-verification-token',
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: ephemeral, ...(message.threadTs ? { thread_ts: message.threadTs } : {}) },
      trigger_id: this.fake.issueTrigger(person.id),
      team: { id: person.team ?? TEAM, domain: 'fake' },
      enterprise: person.enterprise ? { id: person.enterprise, name: 'Grid' } : null,
      is_enterprise_install: false,
      channel: { id: message.channel, name: 'study' },
      // Slack leaves the message out of clicks on ephemerals.
      ...(ephemeral ? {} : { message: { type: 'message', user: BOT_USER, ts: message.ts, text: message.text, blocks: message.blocks, ...(message.threadTs ? { thread_ts: message.threadTs } : {}) } }),
      response_url: this.fake.issueResponseUrl(message.channel, person.id, message.ts),
      actions: [{ type: 'button', action_id: element.action_id, block_id: blockId, text: element.text, value: element.value, action_ts: `${Date.now() / 1000}${++this.counter}` }],
    };
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  }

  click(person: Person, message: FakeMessage, element: KitBlock, options: DeliveryOptions = {}): Promise<Delivery> {
    return this.raw(this.clickBody(person, message, element), 'application/x-www-form-urlencoded', options);
  }

  /** Submits a modal the fake opened, with text for each of its input blocks. */
  submitBody(person: Person, view: { viewId: string; view: KitBlock }, values: Record<string, string>): string {
    const state: Record<string, Record<string, { type: string; value: string }>> = {};
    for (const block of view.view.blocks as KitBlock[]) {
      if (block.type !== 'input') continue;
      state[block.block_id] = { [block.element.action_id]: { type: 'plain_text_input', value: values[block.block_id] ?? '' } };
    }
    const payload = {
      type: 'view_submission',
      team: { id: person.team ?? TEAM, domain: 'fake' },
      user: { id: person.id, username: person.name, name: person.name, team_id: person.team ?? TEAM },
      api_app_id: 'AFAKE',
      token: 'deprecated-verification-token',
      trigger_id: this.fake.issueTrigger(person.id),
      view: { ...view.view, id: view.viewId, team_id: person.team ?? TEAM, state: { values: state }, hash: `h-${view.viewId}` },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: person.enterprise ? { id: person.enterprise, name: 'Grid' } : null,
    };
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  }

  submit(person: Person, view: { viewId: string; view: KitBlock }, values: Record<string, string>, options: DeliveryOptions = {}): Promise<Delivery> {
    return this.raw(this.submitBody(person, view, values), 'application/x-www-form-urlencoded', options);
  }

  eventBody(event: Record<string, unknown>, eventId = `Ev${++this.counter}`, team = TEAM): string {
    return JSON.stringify({
      token: 'deprecated-verification-token',
      team_id: team,
      api_app_id: 'AFAKE',
      event: { event_ts: `${Date.now() / 1000}`, ...event },
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: team, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    });
  }

  event(event: Record<string, unknown>, options: DeliveryOptions & { eventId?: string } = {}): Promise<Delivery> {
    return this.raw(this.eventBody(event, options.eventId), 'application/json', options);
  }

  /** A person's message, as the `message` event Slack delivers (in a thread when threadTs is given). */
  message(person: Person, channel: string, text: string, threadTs?: string, options: DeliveryOptions & { eventId?: string; ts?: string } = {}): Promise<Delivery> {
    const ts = options.ts ?? `${1_800_000_000 + ++this.counter}.000100`;
    return this.event({ type: 'message', channel, channel_type: 'channel', user: person.id, text: escapeForSlack(text), ts, team: person.team ?? TEAM, ...(threadTs ? { thread_ts: threadTs } : {}) }, options);
  }

  /** `@coach <text>` in a channel or thread. */
  mention(person: Person, channel: string, text: string, threadTs?: string, options: DeliveryOptions & { eventId?: string } = {}): Promise<Delivery> {
    const ts = `${1_800_000_000 + ++this.counter}.000200`;
    return this.event({ type: 'app_mention', channel, user: person.id, text: `<@${BOT_USER}> ${escapeForSlack(text)}`, ts, team: person.team ?? TEAM, ...(threadTs ? { thread_ts: threadTs } : {}) }, options);
  }
}

/** Slack sends &, < and > in message text as entities. */
export function escapeForSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The buttons of a Block Kit message, with their labels. */
export function buttonsIn(message: FakeMessage): KitBlock[] {
  return message.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements as KitBlock[]);
}

/** The newest message `user` sees in a place with a button labelled `label`, and that button. */
export function findButton(messages: FakeMessage[], label: string): { message: FakeMessage; element: KitBlock } | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const element = buttonsIn(messages[i]!).find((e) => e.text?.text === label);
    if (element) return { message: messages[i]!, element };
  }
  return undefined;
}
