// The terminal adapter: the reference adapter and the default when no platform tokens are set. With piped
// input it handles one line completely (every reply printed) before reading the next, and resolves
// `finished` at end of input, so tests and demos can drive it with a script. A closed output (the reader of
// a pipe went away, as with `| head`) also ends the session: the line being handled completes, nothing
// more is read, and `finished` resolves.
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import type { Adapter } from '../../core/ports.ts';
import type { ConvRef, InboundEvent, OutboundMessage, UserRef } from '../../core/messages.ts';
import { describeUserError } from '../../core/error-text.ts';
import { FenceCollector, parseLine, type TerminalInput } from './input.ts';
import { renderForTerminal, type Button } from './render.ts';
import { splitMessage } from '../../core/text/index.ts';

export interface ConsoleAdapterOptions {
  input: Readable;
  output: Writable;
  userName: string;
  /** Show a prompt and greet; off for piped input. */
  interactive: boolean;
}

export interface ConsoleAdapter extends Adapter {
  /** Resolves when the input ends and every line has been handled. */
  readonly finished: Promise<void>;
}

interface ThreadInfo {
  number: number;
  title: string;
  conv: ConvRef;
}

const MAIN: ConvRef = { platform: 'console', workspaceId: 'local', channelId: 'main' };
const DIRECT_PREFIX = 'direct:';

export function createConsoleAdapter(options: ConsoleAdapterOptions): ConsoleAdapter {
  // Thread ids must not repeat across runs: thread state in the database is keyed by them.
  const runId = randomBytes(3).toString('hex');
  const threads = new Map<string, ThreadInfo>();
  // The latest message with buttons per conversation: typing N presses its button N.
  const buttonsByConv = new Map<string, { messageId: string; buttons: Button[] }>();
  let current: ConvRef = MAIN;
  let user: UserRef = identity(options.userName);
  let messageCounter = 0;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));

  const convId = (conv: ConvRef) => conv.threadId ?? 'main';
  const label = (conv: ConvRef) => {
    const info = conv.threadId ? threads.get(conv.threadId) : undefined;
    if (conv.channelId.startsWith(DIRECT_PREFIX)) return `direct to ${conv.channelId.slice(DIRECT_PREFIX.length)}`;
    return info ? `#${info.number} ${info.title}` : 'main';
  };
  let outputClosed = false;
  let stopReading = () => {};
  options.output.on('error', (error: NodeJS.ErrnoException) => {
    // EPIPE: the reader went away; ERR_STREAM_DESTROYED: a write after that. Anything else is a real fault
    // and stays an uncaught error.
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    outputClosed = true;
    stopReading();
  });
  const send = (text: string) => {
    if (!outputClosed) options.output.write(text);
  };
  const write = (line: string) => send(`${line}\n`);
  const limits = { maxTextLength: 100_000, maxButtonsPerRow: 10, maxRows: 10, privateReplies: false, forms: false };

  function print(conv: ConvRef, msg: OutboundMessage, id = `m${++messageCounter}`, note = ''): string {
    const { lines, buttons } = renderForTerminal(msg);
    const privacy = msg.visibility === 'private' ? ' (only you)' : '';
    write(`[${label(conv)}] coach${privacy}${note}:`);
    for (const line of lines) write(`  ${line}`);
    const shown = buttonsByConv.get(convId(conv));
    if (buttons.length > 0) buttonsByConv.set(convId(conv), { messageId: id, buttons });
    else if (shown?.messageId === id) buttonsByConv.delete(convId(conv)); // its buttons were locked
    return id;
  }

  const adapter: ConsoleAdapter = {
    platform: 'console',
    limits,
    finished,
    async start(onEvent) {
      void readLoop(onEvent).then(resolveFinished, (error: unknown) => {
        write(`terminal error: ${String(error)}`);
        resolveFinished();
      });
    },
    async stop() {
      options.input.pause();
    },
    async post(conv, msg) {
      // The last part holds the buttons, so its id stands for the message.
      return { messageId: splitMessage(msg, limits).map((part) => print(conv, part)).at(-1)! };
    },
    async update(conv, messageId, msg) {
      print(conv, msg, messageId, ' (updated)');
    },
    async openDirect(person) {
      // One screen: a direct message is shown in place, labelled with whom it is for.
      return { ...MAIN, channelId: `${DIRECT_PREFIX}${person.name}` };
    },
    async startThread(_conv, title, first) {
      const number = threads.size + 1;
      const threadId = `t${number}-${runId}`;
      const conv: ConvRef = { ...MAIN, threadId };
      threads.set(threadId, { number, title, conv });
      write(`--- opened thread #${number}: ${title} (you are now in it; :main to leave) ---`);
      current = conv;
      print(conv, first);
      return conv;
    },
  };

  async function readLoop(onEvent: (e: InboundEvent) => Promise<void>): Promise<void> {
    if (options.interactive) {
      write(`Interview Coach: hello ${user.name}. Try /lesson, /quiz, /explain, /progress or /help. Ctrl-D to quit.`);
    }
    const rl = createInterface({ input: options.input, terminal: false, crlfDelay: Infinity });
    stopReading = () => rl.close();
    const fence = new FenceCollector();
    const prompt = () => {
      if (options.interactive) send(fence.open ? '... ' : `${label(current)}> `);
    };
    prompt();
    for await (const line of rl) {
      if (outputClosed) break;
      const block = fence.push(line);
      if (block === null) {
        prompt();
        continue;
      }
      const input: TerminalInput = block === undefined ? parseLine(line) : { kind: 'message', text: block };
      await handle(input, onEvent);
      prompt();
    }
    if (fence.open && !outputClosed) write('(an unclosed ``` block at the end of input was ignored)');
  }

  async function handle(input: TerminalInput, onEvent: (e: InboundEvent) => Promise<void>): Promise<void> {
    const base = { user, conv: current };
    switch (input.kind) {
      case 'empty':
        return;
      case 'error':
        write(`! ${typeof input.error === 'string' ? input.error : describeUserError(input.error)}`);
        return;
      case 'command':
        return onEvent({ ...base, type: 'command', name: input.name, args: input.args });
      case 'message':
        return onEvent({ ...base, type: 'message', messageId: `u${++messageCounter}`, text: input.text });
      case 'press': {
        const shown = buttonsByConv.get(convId(current));
        const button = shown?.buttons[input.button - 1];
        if (!shown || !button) {
          write(`! There is no button ${input.button} here. Buttons belong to the latest message with buttons in this thread.`);
          return;
        }
        return onEvent({ ...base, type: 'action', messageId: shown.messageId, actionId: button.actionId, value: button.value });
      }
      case 'meta':
        return meta(input.name, input.arg);
    }
  }

  function meta(name: Extract<TerminalInput, { kind: 'meta' }>['name'], arg: string): void {
    if (name === 'as') {
      if (!arg) return void write('! Usage: :as NAME');
      user = identity(arg);
      write(`(you are now ${user.name})`);
    } else if (name === 'main') {
      current = MAIN;
      write('(back in main)');
    } else if (name === 'thread') {
      const info = [...threads.values()].find((t) => String(t.number) === arg.replace(/^#/, ''));
      if (!info) return void write(`! No thread ${arg}. :threads lists them.`);
      current = info.conv;
      write(`(now in #${info.number} ${info.title})`);
    } else if (name === 'threads') {
      if (threads.size === 0) return void write('(no threads yet)');
      for (const t of threads.values()) write(`#${t.number} ${t.title}${t.conv === current ? '  <- you are here' : ''}`);
    } else {
      write('Terminal: /command args · N presses button N · ``` opens a code block · :as NAME · :thread ID · :main · :threads');
    }
  }

  return adapter;
}

/** The learner is the same person across runs: the identity is derived from the name only. */
function identity(name: string): UserRef {
  return { platform: 'console', id: `local:${name.trim().toLowerCase()}`, name: name.trim() };
}
