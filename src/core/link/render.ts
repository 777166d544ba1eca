// What linking says. Commands to type on *another* platform are spelled out per platform in bold, not
// in `code`: the renderer of this platform rewrites `/name` spans into its own spelling (Slack's
// `/coach name`), which would be wrong for the other one. Commands for this platform stay in `code`.
import { message, notice, text, type OutboundMessage, type Platform } from '../messages.ts';
import type { IdentityRecord, LinkOutcome } from '../ports.ts';
import { buttonValue } from '../button-value.ts';
import { showCode } from './code.ts';
import { slackCommand } from '../text/index.ts';

export const LINK_ACTION = 'link';
export const UNLINK_CONFIRM = 'unlink';

const PLATFORM_NAMES: Record<Platform, string> = { console: 'the terminal', discord: 'Discord', slack: 'Slack' };
const LINK_COMMANDS: Record<Platform, string> = { console: '/link', discord: '/link', slack: slackCommand('link') };
const PLATFORMS = Object.keys(PLATFORM_NAMES) as Platform[];

const account = (i: IdentityRecord) => `${PLATFORM_NAMES[i.platform]} (${i.displayName})`;
const accounts = (list: IdentityRecord[]) => list.map(account).join(', ');
const nothing = ' Nothing was linked.';

export function renderCode(code: string, from: Platform, minutes: number): OutboundMessage {
  const where = PLATFORMS.filter((p) => p !== from).map((p) => `on ${PLATFORM_NAMES[p]}: **${LINK_COMMANDS[p]} ${showCode(code)}**`);
  return notice(
    `Your link code is **${showCode(code)}**. On your other account, type it with the link command (${where.join(' · ')}).\n` +
      `It works once, within ${minutes} minutes. Both accounts then share one history: lessons, quizzes, explain scores, confidence and exercises.`,
  );
}

export function renderLinkOutcome(outcome: LinkOutcome, here: Platform): OutboundMessage {
  switch (outcome.kind) {
    case 'linked':
      return notice(`Linked: ${accounts(outcome.identities)} are now one learner, with the history of both. \`/progress\` shows it all; \`/unlink\` splits this account off again.`);
    case 'unknown':
      return notice(`No link code matches that. Check it, or ask for a new one on your other account (**/link**, on Slack **/coach link**).${nothing}`);
    case 'expired':
      return notice(`That link code has expired (a code lasts 10 minutes). Ask for a new one on your other account.${nothing}`);
    case 'used':
      return notice(`That link code was already used: each code links once. Ask for a new one on your other account.${nothing}`);
    case 'self':
      return notice(
        outcome.used
          ? 'This account is already linked through that code.'
          : `That code belongs to this learner. Type it on your *other* account, on the platform you want to link.${nothing}`,
      );
    case 'alreadyLinked':
      return notice(`This ${PLATFORM_NAMES[here]} account is already linked with ${accounts(outcome.others)}. To link it elsewhere, first type \`/unlink\` here.${nothing}`);
    case 'samePlatform':
      return notice(
        `The account that issued this code is already linked with a ${PLATFORM_NAMES[here]} account, ${outcome.existing.displayName}: one learner has one account per platform. ` +
          `To use this one instead, type \`/unlink\` on that account first.${nothing}`,
      );
  }
}

export const renderMalformedCode = (): OutboundMessage =>
  notice(`That isn't a link code: codes are 8 letters and digits, like **K7QX-M4PZ**.${nothing}`);

export const renderTooManyGuesses = (seconds: number): OutboundMessage =>
  notice(`Too many wrong link codes from this account; try again in ${Math.ceil(seconds / 60)} min.${nothing}`);

export const renderNotLinked = (): OutboundMessage =>
  notice('This account is not linked to another one, so there is nothing to unlink. `/link` links it.');

export function renderUnlinkQuestion(here: Platform, others: IdentityRecord[], token: string): OutboundMessage {
  return message(
    [
      text(
        `Unlink this ${PLATFORM_NAMES[here]} account from ${accounts(others)}? The history so far stays with ${others.length === 1 ? 'that account' : 'those accounts'}; ` +
          `this account starts fresh as a new learner (its ${PLATFORM_NAMES[here]} lesson threads stay its own). You can link again any time.`,
      ),
      { kind: 'choices', actionId: LINK_ACTION, options: [{ id: buttonValue(UNLINK_CONFIRM, token), label: 'Yes, unlink', style: 'danger' }] },
    ],
    undefined,
    'private',
  );
}

/** The question as it stays after the press: the button shown as chosen and locked. */
export function renderUnlinkAnswered(question: OutboundMessage, value: string): OutboundMessage {
  return { ...question, blocks: question.blocks.map((b) => (b.kind === 'choices' ? { ...b, locked: true, chosen: value } : b)) };
}

export const renderUnlinkExpired = (): OutboundMessage =>
  notice('That unlink question has expired (it lasts 10 minutes); type `/unlink` again if you still want to. Nothing was changed.');

export const renderUnlinked = (here: Platform, remaining: IdentityRecord[]): OutboundMessage =>
  notice(`Unlinked. This ${PLATFORM_NAMES[here]} account is a new learner now; the history so far stays with ${accounts(remaining)}.`);
