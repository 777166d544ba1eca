// The contract harness for the terminal adapter: lines are typed into its input as a person would
// (`:as NAME`, `:thread N`, then the line), and what they see is read back from the transcript. The
// terminal is one shared screen, so private replies are marked "(only you)" rather than hidden.
import { PassThrough } from 'node:stream';
import { createConsoleAdapter } from '../../../src/adapters/console/adapter.ts';
import { MAIN } from '../../../src/adapters/console/screen.ts';
import type { InboundEvent } from '../../../src/core/messages.ts';
import { createTestApp } from '../../helpers/app.ts';
import type { Harness, Seen, Where } from './harness.ts';
import { createWorkGate } from './work-gate.ts';

export async function createTerminalHarness(contentDir: string): Promise<Harness> {
  const t = await createTestApp(contentDir);
  const input = new PassThrough();
  let transcript = '';
  const output = new PassThrough();
  output.on('data', (chunk: Buffer) => (transcript += chunk.toString('utf8')));
  const adapter = createConsoleAdapter({ input, output, userName: 'nobody', interactive: false });
  const gate = createWorkGate();
  const store = t.app.coach.deps.store;
  const resolve = store.learners.resolve.bind(store.learners);
  store.learners.resolve = async (user) => {
    await gate.pass();
    return resolve(user);
  };
  const lastPress = new Map<string, InboundEvent>();
  t.app.coach.attach(adapter);
  await adapter.start((event) => {
    if (event.type === 'action') lastPress.set(event.user.name, event);
    return t.app.coach.handle(event, adapter);
  });
  let sentinels = 0;

  /** Types lines, then waits for a sentinel the adapter prints only after every earlier line was handled. */
  async function type(lines: string[]): Promise<void> {
    const marker = `:as sentinel-${++sentinels}`;
    input.write([...lines, marker].join('\n') + '\n');
    const expected = `(you are now sentinel-${sentinels})`;
    while (!transcript.includes(expected)) await new Promise((r) => setTimeout(r, 5));
  }
  const go = (where: Where) => (where === 'main' ? ':main' : `:thread ${where}`);

  return {
    name: 'terminal',
    privacy: 'marked',
    maxTextLength: adapter.limits.maxTextLength,
    send: (user, where, line) => type([`:as ${user}`, go(where), line]),
    async press(user, where, label) {
      const latest = parse(transcript, where).findLast((m) => m.buttons.includes(label));
      if (!latest) throw new Error(`no button "${label}" in ${String(where)}`);
      await type([`:as ${user}`, go(where), String(latest.buttons.indexOf(label) + 1)]);
    },
    // A terminal line has no delivery to retry: the same event is handled once more.
    async pressAgain(user) {
      const event = lastPress.get(user);
      if (!event) throw new Error(`${user} pressed nothing yet`);
      await t.app.coach.handle(event, adapter);
      await type([]);
    },
    async schedule(job) {
      const result = await t.app.coach.run(job(MAIN));
      await type([]);
      return result;
    },
    failNextWork: () => gate.failNext(),
    // No forms in a terminal: the prompt is posted and the next message answers it.
    answerForm: (user, where, text) => type([`:as ${user}`, go(where), text]),
    formsOpened: () => [],
    seen: (_user, where) => parse(transcript, where),
    threadTitles: () => [...transcript.matchAll(/^--- opened thread #\d+: (.+) \(you are now in it/gm)].map((m) => m[1]!),
    count: (table) => t.count(table),
    async close() {
      input.end();
      await adapter.finished;
      await t.close();
    },
  };
}

/** Messages of one conversation from the transcript, as the terminal printed them (updates in place). */
function parse(transcript: string, where: Where): Seen[] {
  const label = where === 'main' ? 'main' : `#${where} `;
  const messages: (Seen & { updated: boolean })[] = [];
  let current: (Seen & { updated: boolean }) | undefined;
  for (const line of transcript.split('\n')) {
    const header = /^\[(.+?)\] coach( \(only you\))?( \(updated\))?:$/.exec(line);
    if (header) {
      const here = header[1] === 'main' ? label === 'main' : header[1]!.startsWith(label);
      current = here ? fresh(header) : undefined;
      if (current?.updated) {
        // The terminal cannot edit what it printed: an update stands for the message whose buttons were pressed.
        const pressed = messages.findLastIndex((m) => m.buttons.length > 0);
        if (pressed >= 0) messages.splice(pressed, 1);
      }
      if (current) messages.push(current);
      continue;
    }
    if (!current || !line.startsWith('  ')) continue;
    const body = line.slice(2);
    const buttons = [...body.matchAll(/\[(\d+)\] ([^[]+?)(?=\s{2}\[|$)/g)].map((m) => m[2]!.trim());
    const locked = /^\(locked\) (.*)$/.exec(body);
    if (buttons.length > 0 && /^\[\d+\] /.test(body)) current.buttons.push(...buttons);
    else if (locked) current.locked = locked[1]!.split('  ').find((l) => l.endsWith(' (chosen)'))?.replace(' (chosen)', '') ?? '';
    else current.text += (current.text ? '\n' : '') + body;
  }
  return messages.map(({ updated: _updated, ...seen }) => seen);

  function fresh(header: RegExpExecArray): Seen & { updated: boolean } {
    return { text: '', private: header[2] !== undefined, buttons: [], updated: header[3] !== undefined };
  }
}
