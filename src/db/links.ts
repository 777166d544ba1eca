// One learner across platforms: link codes, the merge they trigger and the unlink that splits an account
// off again. Each use of a secret is one write transaction that checks, claims and moves everything, so
// two people typing one code at once link exactly once, and a refusal writes nothing.
//
// Rules: the account typing a code joins the learner who issued it (that learner survives, the typing
// one's learner is merged into it, see merge.ts). Refused: a code that is unknown, expired or used; a
// code of one's own learner; a typing account whose learner already has other accounts (unlink first); an
// issuing learner that already has an account on the typing account's platform (one per platform, which
// is what lets unlink tell whose conversations are whose). Unlink moves the account to a fresh learner:
// the history stays with the learner that keeps the other accounts, while this platform's conversation
// states (its lesson threads, an open quiz there) go with the account, and every one-shot claim is copied
// so an old button stays pressed for both.
import { createHash, randomUUID } from 'node:crypto';
import type { IdentityRecord, LinkOutcome, LinkRepository, UnlinkOutcome } from '../core/ports.ts';
import type { Platform, UserRef } from '../core/messages.ts';
import type { LearnerCache } from './learners.ts';
import { copyClaims, mergeLearners, moveConversationStates } from './merge.ts';
import type { Sql, SqliteConnection } from './sqlite.ts';
import { fromTimestamp, timestamp } from './timestamp.ts';

/** Used and expired secrets are kept this long after expiry, so a late second use gets the right answer. */
const KEPT_AFTER_EXPIRY_MS = 24 * 3600_000;

type CodeRow = { purpose: string; learnerId: string; platform: string; externalId: string; expiresAt: string; usedAt: string | null };

const hashOf = (purpose: string, secret: string) => createHash('sha256').update(`${purpose}:${secret}`).digest('hex');

function identitiesOf(tx: Sql, learnerId: string): IdentityRecord[] {
  return tx
    .all<{ platform: string; externalId: string; displayName: string }>(
      `SELECT "platform", "externalId", "displayName" FROM "Identity" WHERE "learnerId" = ? ORDER BY "createdAt" ASC, "platform" ASC, "externalId" ASC`, learnerId,
    )
    .map((r) => ({ platform: r.platform as Platform, externalId: r.externalId, displayName: r.displayName }));
}

function learnerOf(tx: Sql, user: UserRef): string | undefined {
  return tx.get<{ learnerId: string }>(`SELECT "learnerId" FROM "Identity" WHERE "platform" = ? AND "externalId" = ?`, user.platform, user.id)?.learnerId;
}

/** The code's row, or why it cannot be used now. */
function usableCode(tx: Sql, purpose: 'link' | 'unlink', secret: string, now: Date): { hash: string; row: CodeRow } | { refused: 'unknown' | 'expired' | 'used'; row?: CodeRow } {
  const hash = hashOf(purpose, secret);
  const row = tx.get<CodeRow>(`SELECT "purpose", "learnerId", "platform", "externalId", "expiresAt", "usedAt" FROM "LinkCode" WHERE "codeHash" = ?`, hash);
  if (!row || row.purpose !== purpose) return { refused: 'unknown' };
  if (row.usedAt !== null) return { refused: 'used', row };
  if (fromTimestamp(row.expiresAt) <= now) return { refused: 'expired', row };
  return { hash, row };
}

export function createLinkRepository(db: SqliteConnection, learnerCache: LearnerCache): LinkRepository {
  const forget = (user: UserRef) => learnerCache.delete(`${user.platform}:${user.id}`);

  return {
    async identities(learnerId) {
      return identitiesOf(db, learnerId);
    },

    async issue(purpose, user, secret, now, expiresAt) {
      db.write((tx) => {
        const learnerId = learnerOf(tx, user);
        if (!learnerId) throw new Error(`no identity for ${user.platform}:${user.id}`);
        tx.run(`DELETE FROM "LinkCode" WHERE "expiresAt" < ?`, timestamp(new Date(now.getTime() - KEPT_AFTER_EXPIRY_MS)));
        // One code at a time: asking again makes the previous one unknown.
        if (purpose === 'link') tx.run(`DELETE FROM "LinkCode" WHERE "learnerId" = ? AND "purpose" = 'link' AND "usedAt" IS NULL`, learnerId);
        tx.run(
          `INSERT INTO "LinkCode" ("codeHash", "purpose", "learnerId", "platform", "externalId", "createdAt", "expiresAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
          hashOf(purpose, secret), purpose, learnerId, user.platform, user.id, timestamp(now), timestamp(expiresAt),
        );
      });
    },

    async link(user, code, now) {
      const outcome = db.write((tx): LinkOutcome => {
        const joining = learnerOf(tx, user);
        if (!joining) throw new Error(`no identity for ${user.platform}:${user.id}`);
        const found = usableCode(tx, 'link', code, now);
        if ('refused' in found) return found.refused === 'used' && found.row?.learnerId === joining ? { kind: 'self', used: true } : { kind: found.refused };
        const issuer = found.row.learnerId;
        if (issuer === joining) return { kind: 'self', used: false };
        const others = identitiesOf(tx, joining).filter((i) => !(i.platform === user.platform && i.externalId === user.id));
        if (others.length > 0) return { kind: 'alreadyLinked', others };
        const existing = identitiesOf(tx, issuer).find((i) => i.platform === user.platform);
        if (existing) return { kind: 'samePlatform', existing };
        // Inside the transaction that checked it, so this cannot fail; the guard states the invariant.
        if (tx.run(`UPDATE "LinkCode" SET "usedAt" = ? WHERE "codeHash" = ? AND "usedAt" IS NULL`, timestamp(now), found.hash).changes !== 1) return { kind: 'used' };
        mergeLearners(tx, joining, issuer);
        return { kind: 'linked', identities: identitiesOf(tx, issuer) };
      });
      if (outcome.kind === 'linked') forget(user);
      return outcome;
    },

    async unlink(user, token, now) {
      const outcome = db.write((tx): UnlinkOutcome => {
        const found = usableCode(tx, 'unlink', token, now);
        if ('refused' in found) return { kind: found.refused };
        if (found.row.platform !== user.platform || found.row.externalId !== user.id) return { kind: 'notYours' };
        const learnerId = learnerOf(tx, user);
        if (!learnerId || identitiesOf(tx, learnerId).length < 2) return { kind: 'notLinked' };
        tx.run(`UPDATE "LinkCode" SET "usedAt" = ? WHERE "codeHash" = ?`, timestamp(now), found.hash);
        const fresh = randomUUID();
        tx.run(`INSERT INTO "Learner" ("id", "createdAt") VALUES (?, ?)`, fresh, timestamp(now));
        tx.run(`UPDATE "Identity" SET "learnerId" = ? WHERE "platform" = ? AND "externalId" = ?`, fresh, user.platform, user.id);
        // Link codes this account asked for would join the learner it is leaving.
        tx.run(`DELETE FROM "LinkCode" WHERE "learnerId" = ? AND "purpose" = 'link' AND "usedAt" IS NULL AND "platform" = ? AND "externalId" = ?`, learnerId, user.platform, user.id);
        moveConversationStates(tx, learnerId, fresh, `${user.platform}:`);
        copyClaims(tx, learnerId, fresh);
        return { kind: 'unlinked', remaining: identitiesOf(tx, learnerId) };
      });
      if (outcome.kind === 'unlinked') forget(user);
      return outcome;
    },
  };
}
