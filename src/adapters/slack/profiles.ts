// What Slack knows about a person and the coach needs: their display name (events carry only the handle), their time
// zone (recorded on their identity), and whether they may run admin-only commands (a workspace admin or
// owner, or a member of the configured user group). Looked up with users.info and cached, so a click is
// never acknowledged late because of it: admin status is asked only for admin-only commands, after the
// acknowledgement, and the time zone is fetched in the background the first time someone is seen.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.ts';

export interface Profile {
  name: string;
  timeZone?: string;
  workspaceAdmin: boolean;
}

export interface Profiles {
  /** The cached profile, if any, without waiting. */
  peek(userId: string): Profile | undefined;
  /** Fetches the profile when it is not cached (or is stale) without waiting; failures are logged. */
  prefetch(userId: string): void;
  get(userId: string): Promise<Profile>;
  isAdmin(userId: string): Promise<boolean>;
}

const PROFILE_TTL_MS = 60 * 60_000;
/** Admin rights change rarely but matter: asked again after five minutes. */
const ADMIN_TTL_MS = 5 * 60_000;

interface Cached<T> {
  value: T;
  at: number;
}

export function createProfiles(client: WebClient, adminUsergroup: string | undefined, logger: Logger, now = () => Date.now()): Profiles {
  const profiles = new Map<string, Cached<Profile>>();
  const inflight = new Map<string, Promise<Profile>>();
  let group: Cached<Set<string>> | undefined;
  let groupInflight: Promise<Set<string>> | undefined;

  async function fetchProfile(userId: string): Promise<Profile> {
    const result = await client.users.info({ user: userId });
    const user = result.user ?? {};
    const profile: Profile = {
      // The name people see in Slack: their display name, else their full name; the handle only as a last resort.
      name: user.profile?.display_name || user.profile?.real_name || user.real_name || user.name || userId,
      ...(user.tz ? { timeZone: user.tz } : {}),
      workspaceAdmin: Boolean(user.is_admin || user.is_owner || user.is_primary_owner),
    };
    profiles.set(userId, { value: profile, at: now() });
    return profile;
  }

  function get(userId: string, maxAge = PROFILE_TTL_MS): Promise<Profile> {
    const cached = profiles.get(userId);
    if (cached && now() - cached.at < maxAge) return Promise.resolve(cached.value);
    let pending = inflight.get(userId);
    if (!pending) {
      pending = fetchProfile(userId).finally(() => inflight.delete(userId));
      inflight.set(userId, pending);
    }
    return pending;
  }

  function groupMembers(): Promise<Set<string>> {
    const usergroup = adminUsergroup;
    if (!usergroup) return Promise.resolve(new Set());
    if (group && now() - group.at < ADMIN_TTL_MS) return Promise.resolve(group.value);
    // Checks at the same moment share one call.
    groupInflight ??= client.usergroups.users
      .list({ usergroup })
      .then((result) => {
        group = { value: new Set(result.users ?? []), at: now() };
        return group.value;
      })
      .finally(() => (groupInflight = undefined));
    return groupInflight;
  }

  return {
    peek: (userId) => profiles.get(userId)?.value,
    prefetch(userId) {
      const cached = profiles.get(userId);
      if (cached && now() - cached.at < PROFILE_TTL_MS) return;
      get(userId).catch((error: unknown) => logger.warn({ err: error, user: userId }, 'could not read a Slack profile; the time zone stays unknown'));
    },
    get: (userId) => get(userId),
    async isAdmin(userId) {
      const [profile, members] = await Promise.all([get(userId, ADMIN_TTL_MS), groupMembers()]);
      return profile.workspaceAdmin || members.has(userId);
    },
  };
}
