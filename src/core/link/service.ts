// `/link` without a code issues one; with a code joins this account to the learner who issued it.
// `/unlink` asks first (a private "Yes, unlink" button with a one-shot token), then splits this account
// off. The database side (db/links.ts) does each use of a code in one transaction with all its checks.
import { UserError } from '../errors.ts';
import { buttonParts } from '../button-value.ts';
import { newToken } from '../tokens.ts';
import type { Turn } from '../turn.ts';
import { CODE_TTL_MS, newLinkCode, normalizeCode } from './code.ts';
import { guessLimitOf } from './guesses.ts';
import { renderCode, renderLinkOutcome, renderMalformedCode, renderNotLinked, renderTooManyGuesses, renderUnlinkAnswered, renderUnlinked, renderUnlinkExpired, renderUnlinkQuestion, UNLINK_CONFIRM } from './render.ts';

/** The unlink button's life: long enough to read the question, short enough that an old one is outdated. */
const UNLINK_TTL_MS = 10 * 60_000;

export async function link(turn: Turn, typed: string | undefined): Promise<void> {
  const { store, clock } = turn.deps;
  const user = turn.event.user;
  const now = clock.now();
  if (typed === undefined) {
    const code = newLinkCode();
    await store.links.issue('link', user, code, now, new Date(now.getTime() + CODE_TTL_MS));
    await turn.respond(renderCode(code, user.platform, CODE_TTL_MS / 60_000));
    return;
  }
  const code = normalizeCode(typed);
  if (!code) return void (await turn.respond(renderMalformedCode()));
  const limit = guessLimitOf(store);
  const account = `${user.platform}:${user.id}`;
  const blocked = limit.blockedFor(account, now.getTime());
  if (blocked > 0) return void (await turn.respond(renderTooManyGuesses(blocked / 1000)));
  const outcome = await store.links.link(user, code, now);
  if (outcome.kind === 'unknown') limit.wrong(account, now.getTime());
  if (outcome.kind === 'linked') turn.deps.logger.info({ platform: user.platform, accounts: outcome.identities.length }, 'accounts linked');
  await turn.respond(renderLinkOutcome(outcome, user.platform));
}

export async function askUnlink(turn: Turn): Promise<void> {
  const { store, clock } = turn.deps;
  const user = turn.event.user;
  const others = (await store.links.identities(turn.learner.id)).filter((i) => !(i.platform === user.platform && i.externalId === user.id));
  if (others.length === 0) return void (await turn.respond(renderNotLinked()));
  const token = newToken();
  const now = clock.now();
  await store.links.issue('unlink', user, token, now, new Date(now.getTime() + UNLINK_TTL_MS));
  await turn.respond(renderUnlinkQuestion(user.platform, others, token));
}

export async function confirmUnlink(turn: Turn, value: string): Promise<void> {
  const [purpose, token] = buttonParts(value, 2) ?? [];
  if (purpose !== UNLINK_CONFIRM || !token) throw new UserError('outdatedButton');
  const user = turn.event.user;
  const outcome = await turn.deps.store.links.unlink(user, token, turn.deps.clock.now());
  switch (outcome.kind) {
    case 'used':
      throw new UserError('alreadyDone');
    case 'unknown':
      throw new UserError('outdatedButton');
    case 'expired':
      return void (await turn.respond(renderUnlinkExpired()));
    case 'notYours':
      throw new UserError('outdatedButton', { reason: 'notYours' });
    case 'notLinked':
      return void (await turn.respond(renderNotLinked()));
    case 'unlinked':
      turn.deps.logger.info({ platform: user.platform }, 'account unlinked');
      await turn.updatePressed(renderUnlinkAnswered(renderUnlinkQuestion(user.platform, outcome.remaining, token), value));
      await turn.respond(renderUnlinked(user.platform, outcome.remaining));
  }
}
