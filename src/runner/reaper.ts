// Makes sure a slot is empty before it takes the next job. Normally there is nothing to do: the program
// is pid 1 of its pid namespace, so when it dies the kernel kills everything it started. This is the
// second line: it kills whatever is still in the slot's cgroup, or, without cgroups, whatever still runs
// under the slot's uid (which only the runner's jobs use).
import { readFile, readdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SlotCgroup } from './cgroups.ts';

async function ownedBy(pid: string, uid: number): Promise<boolean> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const uids = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status);
    return !/^State:\s+Z/m.test(status) && uids !== null && (Number(uids[1]) === uid || Number(uids[2]) === uid);
  } catch {
    return false; // exited while we looked
  }
}

/** Live (non-zombie) processes whose real or effective uid is uid; asynchronous, /proc is slow to read. */
export async function processesOfUid(uid: number): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const owned = await Promise.all(pids.map((pid) => ownedBy(pid, uid)));
  return pids.filter((_, i) => owned[i]).map(Number);
}

function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Kills what is left of a slot's last job; false when something still survives after ~2 s. */
export async function emptySlot(uid: number, cgroup: SlotCgroup | null): Promise<boolean> {
  const list = async () => (cgroup ? cgroup.pids() : await processesOfUid(uid));
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const left = await list();
    if (left.length === 0) return true;
    killAll(left);
    await sleep(10);
  }
  return (await list()).length === 0;
}
