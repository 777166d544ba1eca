// What the terminal shows: messages labelled with their conversation, the threads opened so far, and the
// buttons of the latest message with buttons in each conversation (typing N presses button N). A closed
// output (the reader of a pipe went away) is remembered, so nothing more is written and reading stops.
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { ConvRef, OutboundMessage } from '../../core/messages.ts';
import { renderForTerminal, type Button } from './render.ts';

export interface ThreadInfo {
  number: number;
  title: string;
  conv: ConvRef;
}

export interface Screen {
  readonly closed: boolean;
  /** Called once when the output closes. */
  onClose(listener: () => void): void;
  send(text: string): void;
  write(line: string): void;
  label(conv: ConvRef): string;
  /** Prints a message (or, with its id, a new version of one); returns its id. */
  print(conv: ConvRef, msg: OutboundMessage, id?: string, note?: string): string;
  openThread(title: string): ConvRef;
  threads(): ThreadInfo[];
  buttonsIn(conv: ConvRef): { messageId: string; buttons: Button[] } | undefined;
  nextId(prefix: string): string;
}

export const MAIN: ConvRef = { platform: 'console', workspaceId: 'local', channelId: 'main' };
export const DIRECT_PREFIX = 'direct:';

export function createScreen(output: Writable): Screen {
  // Thread ids must not repeat across runs: thread state in the database is keyed by them.
  const runId = randomBytes(3).toString('hex');
  const threads = new Map<string, ThreadInfo>();
  const buttonsByConv = new Map<string, { messageId: string; buttons: Button[] }>();
  const closeListeners: (() => void)[] = [];
  let closed = false;
  let counter = 0;

  output.on('error', (error: NodeJS.ErrnoException) => {
    // EPIPE: the reader went away; ERR_STREAM_DESTROYED: a write after that. Anything else is a real fault
    // and stays an uncaught error.
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    closed = true;
    for (const listener of closeListeners.splice(0)) listener();
  });

  const convId = (conv: ConvRef) => conv.threadId ?? conv.channelId;
  const send = (text: string) => {
    if (!closed) output.write(text);
  };
  const write = (line: string) => send(`${line}\n`);
  const label = (conv: ConvRef) => {
    if (conv.channelId.startsWith(DIRECT_PREFIX)) return `direct to ${conv.channelId.slice(DIRECT_PREFIX.length)}`;
    const info = conv.threadId ? threads.get(conv.threadId) : undefined;
    return info ? `#${info.number} ${info.title}` : 'main';
  };

  return {
    get closed() {
      return closed;
    },
    onClose: (listener) => void closeListeners.push(listener),
    send,
    write,
    label,
    print(conv, msg, id = `m${++counter}`, note = '') {
      const { lines, buttons } = renderForTerminal(msg);
      const privacy = msg.visibility === 'private' ? ' (only you)' : '';
      write(`[${label(conv)}] coach${privacy}${note}:`);
      for (const line of lines) write(`  ${line}`);
      const shown = buttonsByConv.get(convId(conv));
      if (buttons.length > 0) buttonsByConv.set(convId(conv), { messageId: id, buttons });
      else if (shown?.messageId === id) buttonsByConv.delete(convId(conv)); // its buttons were locked
      return id;
    },
    openThread(title) {
      const number = threads.size + 1;
      const threadId = `t${number}-${runId}`;
      const conv: ConvRef = { ...MAIN, threadId };
      threads.set(threadId, { number, title, conv });
      write(`--- opened thread #${number}: ${title} (you are now in it; :main to leave) ---`);
      return conv;
    },
    threads: () => [...threads.values()],
    buttonsIn: (conv) => buttonsByConv.get(convId(conv)),
    nextId: (prefix) => `${prefix}${++counter}`,
  };
}
