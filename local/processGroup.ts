// A process group as one thing to look at and to end: the Firestore emulator runs as a launcher
// script with Java as its child, in a group of their own, and ends only when both have.
import { existsSync, readdirSync, readFileSync } from "node:fs";

export interface GroupMember {
  pid: number;
  command: string;
  /** Every thread has exited: a zombie waiting to be collected, holding no port any more. */
  ended: boolean;
}

/** The state letter of a /proc stat line (the command before it may hold spaces and parentheses). */
function stateOf(stat: string): string {
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0]!;
}

/**
 * A multi-threaded process (Java) shows its first thread as a zombie while its other threads
 * still exit, and those still hold its sockets: it has ended only when every thread has.
 */
export function everyThreadEnded(pid: number | string): boolean {
  try {
    return readdirSync(`/proc/${pid}/task`).every((task) => stateOf(readFileSync(`/proc/${pid}/task/${task}/stat`, "utf8")) === "Z");
  } catch {
    return true; // gone while we looked
  }
}

/** A process group's members, from /proc; undefined where there is no /proc. */
export function groupMembers(pgid: number): GroupMember[] | undefined {
  if (!existsSync("/proc/self/stat")) return undefined;
  const members: GroupMember[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 5 of stat is the process group; the command (field 2) may hold spaces, so split after ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      members.push({ pid: Number(entry), command, ended: fields[0] === "Z" && everyThreadEnded(entry) });
    } catch {
      // the process ended while we looked
    }
  }
  return members;
}

/**
 * Some process of the group still runs. A zombie does not count: the emulator's Java, orphaned
 * when its launcher exits, waits for init to collect it, which a container's init may do only
 * every second or two, or never (a container whose first process is npm).
 */
export function groupAlive(pgid: number): boolean {
  const members = groupMembers(pgid);
  if (members) return members.some((member) => !member.ended);
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function groupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/**
 * Ends a whole process group: SIGTERM, then SIGKILL if it is still there after a few seconds.
 * Resolves once every member has ended (its ports are free then), or when even SIGKILL did not
 * end it in time.
 */
export async function stopGroup(pgid: number): Promise<void> {
  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    try {
      process.kill(-pgid, signal);
    } catch {
      return;
    }
    if (await groupGone(pgid, 5000)) return;
  }
}
