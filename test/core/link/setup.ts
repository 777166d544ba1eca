// Two accounts of one person, on Discord and on Slack, driving the real core over one database.
import type { ConvRef, UserRef } from '../../../src/core/messages.ts';
import type { CodeResult, CodeRunner } from '../../../src/core/ports.ts';
import type { TestApp } from '../../helpers/app.ts';
import { lesson, makeContentTree } from '../../helpers/content.ts';
import { buttonsOf } from '../../helpers/recording-adapter.ts';

export const dana: UserRef = { platform: 'discord', id: '111111111111111111', name: 'Dana' };
export const danaOnSlack: UserRef = { platform: 'slack', id: 'T1:U1', name: 'Dana S' };
/** Someone else on Slack, in the same workspace. */
export const sol: UserRef = { platform: 'slack', id: 'T1:U2', name: 'Sol' };
/** Someone else on Discord. */
export const dev: UserRef = { platform: 'discord', id: '222222222222222222', name: 'Dev' };
export const guild: ConvRef = { platform: 'discord', workspaceId: '900000000000000000', channelId: '910000000000000000' };
export const workspace: ConvRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };

export const countToThree = { id: 'demo-ex', title: 'Count to three', task: 'Print 1 2 3', doneWhen: 'it prints 1 2 3', starter: 'print(1)', solution: 'print(1, 2, 3)', expectedOutput: '1 2 3\n' };

/** demo: 5 steps, 3 written; step 1 has one exercise. */
export function linkContent(): string {
  const tree = makeContentTree();
  tree.writeLesson('demo', lesson(1, 'demo-step-1', { exercises: [countToThree] }));
  return tree.root;
}

/** A runner whose every program prints the exercise's expected output. */
export const solvingRunner: CodeRunner = {
  run: async (): Promise<CodeResult> => ({ status: 'ok', exitCode: 0, signal: null, stdout: '1 2 3\n', stderr: '', output: '1 2 3\n', wallMs: 5 }),
};

export const CODE_PATTERN = /\*\*([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})\*\*/;

/** Asks for a link code as `user` and returns it as shown. */
export async function issueCode(t: TestApp, user: UserRef, conv: ConvRef): Promise<string> {
  await t.command(user, conv, 'link', {});
  const match = CODE_PATTERN.exec(t.adapter.last().text);
  if (!match) throw new Error(`no code in: ${t.adapter.last().text}`);
  return match[1]!;
}

const sameConv = (a: ConvRef, b: ConvRef) => a.platform === b.platform && a.workspaceId === b.workspaceId && a.channelId === b.channelId && a.threadId === b.threadId;

/** The newest pressable button with this label in a conversation. */
export function button(t: TestApp, conv: ConvRef, label: string): { actionId: string; value: string } {
  for (const posted of [...t.adapter.posted].reverse()) {
    if (!sameConv(posted.conv, conv)) continue;
    const found = buttonsOf(posted.msg).find((b) => b.label === label);
    if (found) return found;
  }
  throw new Error(`no "${label}" button in ${JSON.stringify(conv)}`);
}

export const press = (t: TestApp, user: UserRef, conv: ConvRef, label: string) => {
  const b = button(t, conv, label);
  return t.press(user, conv, b.actionId, b.value);
};

export const learnerIdOf = (t: TestApp, user: UserRef): string =>
  t.rows<{ learnerId: string }>('Identity', `"platform" = '${user.platform}' AND "externalId" = '${user.id}'`)[0]!.learnerId;

/** The quiz question currently asked in a conversation, as "demo-step-1-q3". */
export function askedQuestion(t: TestApp, conv: ConvRef): string {
  const posted = [...t.adapter.posted].reverse().find((p) => sameConv(p.conv, conv) && /Question (demo-step-\d-q\d)\?/.test(p.text));
  return /Question (demo-step-\d-q\d)\?/.exec(posted!.text)![1]!;
}
