// Work that starts from a schedule instead of an inbound event (drills, reminders): it posts to a channel,
// opens a thread or writes to a person directly, through whichever adapter serves that platform.
import { CoachError } from './errors.ts';
import type { ConvRef, OutboundMessage, Platform, UserRef } from './messages.ts';
import type { Adapter } from './ports.ts';
import { lastPart } from './text/index.ts';

export type ScheduledJob =
  | { kind: 'post'; conv: ConvRef; messages: OutboundMessage[] }
  /** Opens a thread under `conv`'s channel: the first message starts it, the rest follow in it. */
  | { kind: 'thread'; conv: ConvRef; title: string; messages: [OutboundMessage, ...OutboundMessage[]] }
  | { kind: 'direct'; user: UserRef; messages: OutboundMessage[] }
  /** Replaces a message posted earlier (a drill question's buttons locked at its deadline). */
  | { kind: 'update'; conv: ConvRef; messageId: string; message: OutboundMessage };

export interface JobResult {
  conv: ConvRef;
  messageIds: string[];
}

export interface AdapterRegistry {
  attach(adapter: Adapter): void;
  get(platform: Platform): Adapter;
}

export function createAdapterRegistry(): AdapterRegistry {
  const adapters = new Map<Platform, Adapter>();
  return {
    attach(adapter) {
      if (adapters.has(adapter.platform)) throw new CoachError(`a second ${adapter.platform} adapter`);
      adapters.set(adapter.platform, adapter);
    },
    get(platform) {
      const adapter = adapters.get(platform);
      if (!adapter) throw new CoachError(`no adapter serves ${platform}`);
      return adapter;
    },
  };
}

export async function runJob(registry: AdapterRegistry, job: ScheduledJob): Promise<JobResult> {
  const platform = job.kind === 'direct' ? job.user.platform : job.conv.platform;
  const adapter = registry.get(platform);
  if (job.kind === 'update') {
    await adapter.update(job.conv, job.messageId, lastPart(job.message, adapter.limits));
    return { conv: job.conv, messageIds: [job.messageId] };
  }
  let conv: ConvRef;
  const messageIds: string[] = [];
  let rest: OutboundMessage[];
  if (job.kind === 'thread') {
    const [first, ...others] = job.messages;
    conv = await adapter.startThread(job.conv, job.title, first);
    rest = others;
  } else if (job.kind === 'direct') {
    if (!adapter.openDirect) throw new CoachError(`${platform} cannot write to a person directly`);
    conv = await adapter.openDirect(job.user);
    rest = job.messages;
  } else {
    conv = job.conv;
    rest = job.messages;
  }
  for (const msg of rest) messageIds.push((await adapter.post(conv, msg)).messageId);
  return { conv, messageIds };
}
