// Every way a link can be refused: a private answer that says what to do, and not one row changed.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { FixedClock } from '../../helpers/clock.ts';
import { WRONG_CODES_ALLOWED } from '../../../src/core/link/guesses.ts';
import { newLinkCode, normalizeCode } from '../../../src/core/link/code.ts';
import { findCommand, positionalArgs } from '../../../src/core/commands.ts';
import { dana, danaOnSlack, dev, guild, issueCode, learnerIdOf, linkContent, sol, workspace } from './setup.ts';

let t: TestApp;
afterEach(async () => t?.close());

const TABLES = ['Learner', 'Identity', 'Enrollment', 'LessonProgress', 'QuizAttempt', 'ConfidenceRating', 'ExplainAttempt', 'ExerciseCompletion', 'ThreadState', 'ProcessedEvent', 'LinkCode'];
const snapshot = () => Object.fromEntries(TABLES.map((table) => [table, t.rows(table)]));

/** Dana on Discord and on Slack, each with a lesson opened, and Sol known on Slack; and the clock. */
async function twoAccounts() {
  const clock = new FixedClock();
  t = await createTestApp(linkContent(), clock);
  await t.command(dana, guild, 'lesson', { step: '1' });
  await t.command(danaOnSlack, workspace, 'lesson', { step: '2' });
  // A person's first event creates their learner; that is not part of what a refusal may not change.
  await t.command(sol, workspace, 'help', {});
  return clock;
}

async function linked() {
  const clock = await twoAccounts();
  await t.command(danaOnSlack, workspace, 'link', { code: await issueCode(t, dana, guild) });
  expect(t.adapter.last().text).toMatch(/^Linked: /);
  return clock;
}

/** Runs `act` and expects its last reply, private, and no change to any table. */
async function refused(act: () => Promise<void>, reply: string) {
  const before = snapshot();
  await act();
  expect(t.adapter.last()).toMatchObject({ text: reply, msg: { visibility: 'private' } });
  expect(snapshot()).toEqual(before);
}

describe('link codes that cannot be used', () => {
  it('given something that is not a code, says what a code looks like', async () => {
    await twoAccounts();
    await refused(() => t.command(danaOnSlack, workspace, 'link', { code: 'hello' }), "That isn't a link code: codes are 8 letters and digits, like **K7QX-M4PZ**. Nothing was linked.");
    // 0 and 1 are never in a code, so a misread code is caught before any lookup.
    await refused(() => t.command(danaOnSlack, workspace, 'link', { code: 'ABCD-EF01' }), "That isn't a link code: codes are 8 letters and digits, like **K7QX-M4PZ**. Nothing was linked.");
  });

  it('given a well-formed code nobody issued, or one replaced by a newer code, says no code matches', async () => {
    await twoAccounts();
    const unknown = 'No link code matches that. Check it, or ask for a new one on your other account (**/link**, on Slack **/coach link**). Nothing was linked.';
    await refused(() => t.command(danaOnSlack, workspace, 'link', { code: 'ABCD-EFGH' }), unknown);
    const replaced = await issueCode(t, dana, guild);
    const current = await issueCode(t, dana, guild);
    expect(current).not.toBe(replaced);
    expect(t.count('LinkCode')).toBe(1);
    await refused(() => t.command(danaOnSlack, workspace, 'link', { code: replaced }), unknown);
    await t.command(danaOnSlack, workspace, 'link', { code: current });
    expect(t.adapter.last().text).toMatch(/^Linked: /);
  });

  it('given a code older than 10 minutes, says it expired; a moment before, it still works', async () => {
    const clock = await twoAccounts();
    const code = await issueCode(t, dana, guild);
    clock.advance(600);
    await refused(() => t.command(danaOnSlack, workspace, 'link', { code }), 'That link code has expired (a code lasts 10 minutes). Ask for a new one on your other account. Nothing was linked.');
    const fresh = await issueCode(t, dana, guild);
    clock.advance(599);
    await t.command(danaOnSlack, workspace, 'link', { code: fresh });
    expect(t.adapter.last().text).toMatch(/^Linked: /);
  });

  it('given a code already used, tells someone else it was used and its own user that they are linked', async () => {
    await twoAccounts();
    const code = await issueCode(t, dana, guild);
    await t.command(danaOnSlack, workspace, 'link', { code });
    await refused(() => t.command(sol, workspace, 'link', { code }), 'That link code was already used: each code links once. Ask for a new one on your other account. Nothing was linked.');
    await refused(() => t.command(danaOnSlack, workspace, 'link', { code }), 'This account is already linked through that code.');
  });

  it('given a code typed by the account that asked for it, says to type it on the other account', async () => {
    await twoAccounts();
    const code = await issueCode(t, dana, guild);
    await refused(() => t.command(dana, guild, 'link', { code }), 'That code belongs to this learner. Type it on your *other* account, on the platform you want to link. Nothing was linked.');
  });

  it('given an account already linked with another, refuses to move it and says to unlink first', async () => {
    await linked();
    await t.command(dev, guild, 'lesson', { step: '1' });
    const devCode = await issueCode(t, dev, guild);
    await refused(
      () => t.command(danaOnSlack, workspace, 'link', { code: devCode }),
      'This Slack account is already linked with Discord (Dana). To link it elsewhere, first type `/unlink` here. Nothing was linked.',
    );
  });

  it('given a learner that already has an account on this platform, refuses a second one', async () => {
    await linked();
    const code = await issueCode(t, dana, guild);
    await refused(
      () => t.command(sol, workspace, 'link', { code }),
      'The account that issued this code is already linked with a Slack account, Dana S: one learner has one account per platform. To use this one instead, type `/unlink` on that account first. Nothing was linked.',
    );
    // Two Slack accounts directly, too.
    const slackCode = await issueCode(t, danaOnSlack, workspace);
    await refused(() => t.command(sol, workspace, 'link', { code: slackCode }), expect.stringContaining('already linked with a Slack account, Dana S') as unknown as string);
  });

  it(`given ${WRONG_CODES_ALLOWED} wrong codes, refuses further tries for 10 minutes, even the right code`, async () => {
    const clock = await twoAccounts();
    const code = await issueCode(t, dana, guild);
    for (let i = 0; i < WRONG_CODES_ALLOWED; i++) {
      clock.advance(10);
      await t.command(danaOnSlack, workspace, 'link', { code: 'ZZZZ-ZZZZ' });
      expect(t.adapter.last().text).toMatch(/^No link code matches that/);
    }
    await refused(() => t.command(danaOnSlack, workspace, 'link', { code }), 'Too many wrong link codes from this account; try again in 10 min. Nothing was linked.');
    // Another account is not held up by it.
    await refused(() => t.command(sol, workspace, 'link', { code: 'ZZZZ-ZZZZ' }), expect.stringMatching(/^No link code matches that/) as unknown as string);
    clock.advance(560); // the first wrong try is now 10 minutes old
    await t.command(danaOnSlack, workspace, 'link', { code: await issueCode(t, dana, guild) });
    expect(t.adapter.last().text).toMatch(/^Linked: /);
  });
});

describe('failures in the middle', () => {
  it('given the merge failing at its very last statement, rolls all of it back, code included, and says so with an error id', async () => {
    await twoAccounts();
    const code = await issueCode(t, dana, guild);
    // The learner row is deleted last, after every history row has moved: failing there shows one transaction.
    t.app.db.sql.run(`CREATE TRIGGER "fail_merge" BEFORE DELETE ON "Learner" BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);
    await refused(() => t.command(danaOnSlack, workspace, 'link', { code }), expect.stringMatching(/^Something went wrong on my side; it has been logged as error `[0-9a-f]{8}`/) as unknown as string);
    expect(t.logs.map((l) => l.msg)).toContain('event failed');
    t.app.db.sql.run(`DROP TRIGGER "fail_merge"`);
    // The code was not spent: it still links.
    await t.command(danaOnSlack, workspace, 'link', { code });
    expect(t.adapter.last().text).toMatch(/^Linked: /);
  });

  it('given a platform delivering the same /link twice (a retry), links once and answers once', async () => {
    await twoAccounts();
    const code = await issueCode(t, dana, guild);
    const event = { type: 'command' as const, user: danaOnSlack, conv: workspace, eventId: 'Ev1', name: 'link', args: { code } };
    const start = t.adapter.posted.length;
    await t.app.coach.handle(event, t.adapter);
    await t.app.coach.handle(event, t.adapter);
    expect(t.adapter.since(start).map((p) => p.text.split(':')[0])).toEqual(['Linked']);
    expect(t.count('Learner')).toBe(2);
  });
});

describe('a code as typed', () => {
  it('given a code typed with a space (terminal, Slack), takes the whole rest of the line as the code', () => {
    expect(positionalArgs(findCommand('link'), 'k7qx m4pz')).toEqual({ code: 'k7qx m4pz' });
    expect(normalizeCode('k7qx m4pz')).toBe('K7QXM4PZ');
    expect(normalizeCode(' K7QX-M4PZ ')).toBe('K7QXM4PZ');
    expect(normalizeCode('K7QX-M4P')).toBeUndefined();
    expect(normalizeCode('K7QX-M4PZZ')).toBeUndefined();
  });

  it('given many fresh codes, each is 8 characters of the unambiguous alphabet and they do not repeat', () => {
    const codes = Array.from({ length: 2000 }, () => newLinkCode());
    expect(codes.every((c) => /^[A-HJ-NP-Z2-9]{8}$/.test(c))).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    // Every one of the 32 characters turns up (a biased or short alphabet would not).
    expect(new Set(codes.join('')).size).toBe(32);
  });
});

describe('one code used twice at once', () => {
  it('given two people typing the same code at the same moment, exactly one is linked and the other is told it was used', async () => {
    await twoAccounts();
    await t.command(sol, workspace, 'lesson', { step: '3' });
    const issuer = learnerIdOf(t, dana);
    const before = { [danaOnSlack.id]: learnerIdOf(t, danaOnSlack), [sol.id]: learnerIdOf(t, sol) };
    const code = await issueCode(t, dana, guild);
    const start = t.adapter.posted.length;
    await Promise.all([t.command(danaOnSlack, workspace, 'link', { code }), t.command(sol, workspace, 'link', { code })]);
    const replies = t.adapter.since(start).map((p) => p.text);
    expect(replies).toHaveLength(2);
    expect(replies.filter((r) => r.startsWith('Linked: '))).toHaveLength(1);
    expect(replies.filter((r) => r === 'That link code was already used: each code links once. Ask for a new one on your other account. Nothing was linked.')).toHaveLength(1);
    // Whichever won: exactly one of the two now is the issuer's, the other kept its learner and history.
    const joined = [danaOnSlack, sol].filter((u) => learnerIdOf(t, u) === issuer);
    expect(joined).toHaveLength(1);
    const loser = joined[0] === sol ? danaOnSlack : sol;
    expect(learnerIdOf(t, loser)).toBe(before[loser.id]);
    expect(t.count('Identity', `"learnerId" = '${issuer}'`)).toBe(2);
    expect(t.count('Learner')).toBe(2);
    expect(t.count('LessonProgress', `"learnerId" = '${before[loser.id]}'`)).toBe(1);
    expect(t.count('LinkCode')).toBe(1);
    expect(t.count('LinkCode', '"usedAt" IS NOT NULL')).toBe(1);
  });

  it('given the same person sending the same code twice at once, links once', async () => {
    await twoAccounts();
    const code = await issueCode(t, dana, guild);
    const start = t.adapter.posted.length;
    await Promise.all([t.command(danaOnSlack, workspace, 'link', { code }), t.command(danaOnSlack, workspace, 'link', { code })]);
    expect(t.adapter.since(start).map((p) => p.text.split(':')[0]).sort()).toEqual(['Linked', 'This account is already linked through that code.']);
    expect(t.count('Learner')).toBe(2); // Dana's and Sol's
    expect(t.count('Identity', `"learnerId" = '${learnerIdOf(t, dana)}'`)).toBe(2);
    expect(t.count('LessonProgress')).toBe(2);
  });
});
