// The terminal adapter: the reference adapter and the default when no platform tokens are set. With piped
// input it handles one line completely (every reply printed) before reading the next, and resolves
// `finished` at end of input, so tests and demos can drive it with a script. A closed output (the reader of
// a pipe went away, as with `| head`) also ends the session: the line being handled completes, nothing
// more is read, and `finished` resolves.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Adapter } from '../../core/ports.ts';
import type { ConvRef, InboundEvent, UserRef } from '../../core/messages.ts';
import { describeUserError } from '../../core/error-text.ts';
import { splitMessage } from '../../core/text/index.ts';
import { FenceCollector, parseLine, type TerminalInput } from './input.ts';
import { createScreen, DIRECT_PREFIX, MAIN, type Screen } from './screen.ts';
import { MAX_BUTTONS_PER_ROW } from './render.ts';

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

/** Who is at the keyboard and where they are. */
interface Seat {
  user: UserRef;
  conv: ConvRef;
}

type OnEvent = (e: InboundEvent) => Promise<void>;

export function createConsoleAdapter(options: ConsoleAdapterOptions): ConsoleAdapter {
  const screen = createScreen(options.output);
  const seat: Seat = { user: identity(options.userName), conv: MAIN };
  const limits = { maxTextLength: 100_000, maxButtonsPerRow: MAX_BUTTONS_PER_ROW, maxRows: 10, privateReplies: false, forms: false };
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));

  return {
    platform: 'console',
    limits,
    finished,
    async start(onEvent) {
      void readLoop(options, screen, seat, onEvent).then(resolveFinished, (error: unknown) => {
        screen.write(`terminal error: ${String(error)}`);
        resolveFinished();
      });
    },
    async stop() {
      options.input.pause();
    },
    async post(conv, msg) {
      // The last part holds the buttons, so its id stands for the message.
      return { messageId: splitMessage(msg, limits).map((part) => screen.print(conv, part)).at(-1)! };
    },
    async update(conv, messageId, msg) {
      screen.print(conv, msg, messageId, ' (updated)');
    },
    async openDirect(person) {
      // One screen: a direct message is shown in place, labelled with whom it is for.
      return { ...MAIN, channelId: `${DIRECT_PREFIX}${person.name}` };
    },
    async startThread(_conv, title, first) {
      const conv = screen.openThread(title);
      seat.conv = conv; // you follow into the thread, as a platform client would show it
      screen.print(conv, first);
      return conv;
    },
  };
}

async function readLoop(options: ConsoleAdapterOptions, screen: Screen, seat: Seat, onEvent: OnEvent): Promise<void> {
  if (options.interactive) {
    screen.write(`Interview Coach: hello ${seat.user.name}. Try /lesson, /quiz, /explain, /progress or /help. Ctrl-D to quit.`);
  }
  const rl = createInterface({ input: options.input, terminal: false, crlfDelay: Infinity });
  screen.onClose(() => rl.close());
  const fence = new FenceCollector();
  const prompt = () => {
    if (options.interactive) screen.send(fence.open ? '... ' : `${screen.label(seat.conv)}> `);
  };
  prompt();
  for await (const line of rl) {
    if (screen.closed) break;
    const block = fence.push(line);
    if (block === null) {
      prompt();
      continue;
    }
    const input: TerminalInput = block === undefined ? parseLine(line) : { kind: 'message', text: block };
    await handleInput(input, screen, seat, onEvent);
    prompt();
  }
  if (fence.open && !screen.closed) screen.write('(an unclosed ``` block at the end of input was ignored)');
}

async function handleInput(input: TerminalInput, screen: Screen, seat: Seat, onEvent: OnEvent): Promise<void> {
  // The terminal runs on its user's own machine: whoever types is its admin.
  const base = { user: seat.user, conv: seat.conv, isAdmin: true };
  switch (input.kind) {
    case 'empty':
      return;
    case 'error':
      screen.write(`! ${typeof input.error === 'string' ? input.error : describeUserError(input.error)}`);
      return;
    case 'command':
      return onEvent({ ...base, type: 'command', name: input.name, args: input.args });
    case 'message':
      return onEvent({ ...base, type: 'message', messageId: screen.nextId('u'), text: input.text });
    case 'press': {
      const shown = screen.buttonsIn(seat.conv);
      const button = shown?.buttons[input.button - 1];
      if (!shown || !button) {
        screen.write(`! There is no button ${input.button} here. Buttons belong to the latest message with buttons in this thread.`);
        return;
      }
      return onEvent({ ...base, type: 'action', messageId: shown.messageId, actionId: button.actionId, value: button.value });
    }
    case 'meta':
      return meta(input.name, input.arg, screen, seat);
  }
}

/** The terminal's own commands: who you are and which conversation you are in. */
function meta(name: Extract<TerminalInput, { kind: 'meta' }>['name'], arg: string, screen: Screen, seat: Seat): void {
  if (name === 'as') {
    if (!arg) return void screen.write('! Usage: :as NAME');
    seat.user = identity(arg);
    screen.write(`(you are now ${seat.user.name})`);
  } else if (name === 'main') {
    seat.conv = MAIN;
    screen.write('(back in main)');
  } else if (name === 'thread') {
    const info = screen.threads().find((t) => String(t.number) === arg.replace(/^#/, ''));
    if (!info) return void screen.write(`! No thread ${arg}. :threads lists them.`);
    seat.conv = info.conv;
    screen.write(`(now in #${info.number} ${info.title})`);
  } else if (name === 'threads') {
    if (screen.threads().length === 0) return void screen.write('(no threads yet)');
    for (const t of screen.threads()) screen.write(`#${t.number} ${t.title}${t.conv === seat.conv ? '  <- you are here' : ''}`);
  } else {
    screen.write('Terminal: /command args · N presses button N · ``` opens a code block · :as NAME · :thread ID · :main · :threads');
  }
}

/** The learner is the same person across runs: the identity is derived from the name only. */
function identity(name: string): UserRef {
  return { platform: 'console', id: `local:${name.trim().toLowerCase()}`, name: name.trim() };
}
