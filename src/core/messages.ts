// The neutral message model shared by the core and every adapter. Features describe *what* to say with
// blocks; each adapter's renderer decides *how* (Discord components, Slack Block Kit, terminal text).

export type Platform = 'console' | 'discord' | 'slack';

export interface UserRef {
  platform: Platform;
  id: string;
  name: string;
  /** The person's IANA time zone where the platform tells it (Slack's users.info); kept on their identity. */
  timeZone?: string;
}

export interface ConvRef {
  platform: Platform;
  workspaceId: string;
  channelId: string;
  threadId?: string;
}

export interface ChoiceOption {
  /** Sent back verbatim as the action value when pressed. */
  id: string;
  label: string;
  style?: 'primary' | 'secondary' | 'success' | 'danger';
}

export type Block =
  | { kind: 'text'; markdown: string }
  | { kind: 'heading'; text: string }
  | { kind: 'code'; language: string; source: string }
  /**
   * `locked`: no longer pressable. `chosen` is marked neutrally (a learner's choice: the feedback says right or
   * wrong, and others in a shared thread must not read the answer off it); `answer` is marked as the right
   * answer (a drill question after its reveal).
   */
  | { kind: 'choices'; actionId: string; options: ChoiceOption[]; locked?: boolean; chosen?: string; answer?: string }
  | { kind: 'rating'; actionId: string; valuePrefix: string; min: 1; max: 5; labels?: string[] }
  | { kind: 'progress'; done: number; total: number; label: string };

/** A form (Discord modal, Slack modal) the person fills in; where a platform has none, the core falls back. */
export interface FormSpec {
  /** Sent back with the submission: which form, and for what (e.g. "explain:<lessonId>"). */
  id: string;
  /** At most 45 characters (Discord's modal title). */
  title: string;
  /** Context shown above the fields where the platform can (the prompt); short placeholder otherwise. */
  intro: string;
  fields: FormField[];
}

export interface FormField {
  id: string;
  label: string;
  style: 'short' | 'paragraph';
  maxLength: number;
  placeholder?: string;
}

export interface OutboundMessage {
  blocks: Block[];
  /** Plain text for notifications, screen readers and platforms that cannot show blocks. */
  fallbackText: string;
  /** 'private' replies are visible only to the learner where the platform supports it. */
  visibility?: 'thread' | 'private';
}

interface EventBase {
  user: UserRef;
  conv: ConvRef;
  /** Platform delivery id, used to ignore retried deliveries. */
  eventId?: string;
  /**
   * The platform says this person may change the workspace's settings (Discord: Manage Server or the
   * configured role; Slack: a workspace admin or owner, or the configured user group; the terminal: its
   * one user). Admin-only commands require it.
   */
  isAdmin?: boolean;
}

export type InboundEvent =
  | (EventBase & { type: 'command'; name: string; args: Record<string, string> })
  | (EventBase & { type: 'message'; messageId: string; text: string; edited?: boolean })
  | (EventBase & { type: 'action'; messageId: string; actionId: string; value: string })
  | (EventBase & { type: 'form'; formId: string; values: Record<string, string> });

export function text(markdown: string): Block {
  return { kind: 'text', markdown };
}

export function message(blocks: Block[], fallbackText?: string, visibility?: OutboundMessage['visibility']): OutboundMessage {
  const fallback = fallbackText ?? blocks.map(blockToPlain).filter(Boolean).join('\n');
  return visibility ? { blocks, fallbackText: fallback, visibility } : { blocks, fallbackText: fallback };
}

export function notice(markdown: string, visibility: OutboundMessage['visibility'] = 'private'): OutboundMessage {
  return message([text(markdown)], markdown, visibility);
}

function blockToPlain(block: Block): string {
  switch (block.kind) {
    case 'text':
      return block.markdown;
    case 'heading':
      return block.text;
    case 'progress':
      return block.label;
    default:
      return '';
  }
}

/** A stable string key for a conversation, used to store thread state. */
export function convKey(conv: ConvRef): string {
  return [conv.platform, conv.workspaceId, conv.channelId, conv.threadId ?? '-'].join(':');
}
