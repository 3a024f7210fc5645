/**
 * One writer per run directory. The lock is `lock.json`, created exclusively (O_EXCL, which
 * NFS v3+ honours), holding its owner's host, pid and start time; its mtime is a heartbeat the
 * owner refreshes while it trains. A lock is stale when its owner is gone: on the same host, its
 * pid no longer runs, or its heartbeat is older than LOCK_STALE_MS (after a container restart the
 * pid may belong to another process); on another host, its heartbeat is older than LOCK_STALE_MS.
 * A stale lock is taken over under a second exclusive file, so two newcomers never both take it.
 */
import { closeSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { ExpectedError } from "../util/errors.js";

export const LOCK_FILE = "lock.json";
/** How often a training process refreshes its lock's heartbeat. */
export const LOCK_HEARTBEAT_MS = 30_000;
/** A lock from another host whose heartbeat is older than this is stale (ten missed beats). */
export const LOCK_STALE_MS = 10 * LOCK_HEARTBEAT_MS;
/** A lock file whose owner cannot be read (being written, or cut by a crash) is stale after this. */
export const UNREADABLE_LOCK_GRACE_MS = LOCK_HEARTBEAT_MS;

export interface LockOwner {
  host: string;
  pid: number;
  startedAt: string;
}

/** The run is being trained by another process; the message says which, since when, and what to do. */
export class RunBusyError extends ExpectedError {
  constructor(
    readonly dir: string,
    readonly owner: LockOwner | null,
    heartbeatAgeMs: number,
  ) {
    const who = owner
      ? `pid ${owner.pid} on ${owner.host} since ${owner.startedAt}`
      : "another process (its lock file is being written)";
    const check =
      owner?.host === hostname()
        ? ` If \`ps -p ${owner.pid} -o args\` shows no training of this run (the pid can be another program's after a restart), remove ${join(dir, LOCK_FILE)} and run this again.`
        : "";
    super(
      `run ${dir.split("/").pop()} is being trained by ${who} (last heartbeat ${Math.round(heartbeatAgeMs / 1000)} s ago); wait for it to finish, or stop that process and run this again (${join(dir, LOCK_FILE)}).${check}`,
    );
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    const o = JSON.parse(readFileSync(path, "utf8")) as LockOwner;
    return typeof o?.host === "string" && Number.isInteger(o?.pid) ? o : null;
  } catch {
    return null;
  }
}

/** Whether a process with this pid runs on this host (one we may not signal counts as running). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Creates `path` exclusively with `text`; false when it exists. */
function createExclusive(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

export interface LockState {
  owner: LockOwner | null;
  heartbeatAgeMs: number;
  stale: boolean;
}

/** The lock of `dir` as it stands, or null when there is none. */
export function inspectRunLock(dir: string, now = Date.now()): LockState | null {
  const path = join(dir, LOCK_FILE);
  let mtime: number;
  try {
    mtime = statSync(path).mtimeMs;
  } catch {
    return null;
  }
  const owner = readOwner(path);
  const heartbeatAgeMs = Math.max(0, now - mtime);
  // A lock whose owner cannot be read is being written, or was cut by a crash: stale once old.
  const stale =
    owner === null
      ? heartbeatAgeMs > UNREADABLE_LOCK_GRACE_MS
      : heartbeatAgeMs > LOCK_STALE_MS || (owner.host === hostname() && !pidAlive(owner.pid));
  return { owner, heartbeatAgeMs, stale };
}

export interface RunLock {
  /** Refreshes the heartbeat: cheap, call it every step (it looks at most once a second, and touches the file when its time is LOCK_HEARTBEAT_MS / 3 old). */
  heartbeat(): void;
  release(): void;
}

/** Takes the lock of run directory `dir`, or throws RunBusyError naming its live owner. */
export function acquireRunLock(dir: string): RunLock {
  const path = join(dir, LOCK_FILE);
  const me: LockOwner = { host: hostname(), pid: process.pid, startedAt: new Date().toISOString() };
  const text = JSON.stringify(me) + "\n";
  for (let attempt = 0; ; attempt++) {
    if (createExclusive(path, text)) break;
    const state = inspectRunLock(dir);
    if (state === null) continue; // released meanwhile
    if (!state.stale || attempt >= 3) throw new RunBusyError(dir, state.owner, state.heartbeatAgeMs);
    takeOverStale(dir, state);
  }
  let lastCheck = 0;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    // only our own lock: a lock taken over after ours went stale is not ours to remove
    const owner = readOwner(path);
    if (owner && owner.host === me.host && owner.pid === me.pid && owner.startedAt === me.startedAt)
      rmSync(path, { force: true });
  };
  process.on("exit", release);
  return {
    heartbeat() {
      const now = Date.now();
      if (released || now - lastCheck < 1000) return;
      lastCheck = now;
      try {
        if (now - statSync(path).mtimeMs >= LOCK_HEARTBEAT_MS / 3) utimesSync(path, now / 1000, now / 1000);
      } catch {
        // the lock vanished (removed by hand): the next acquire will say so
      }
    },
    release,
  };
}

/**
 * Removes a stale lock under `lock.json.takeover`, so only one newcomer does it; and only if the
 * lock is still the stale one `seen` (not one taken afresh meanwhile).
 */
export function takeOverStale(dir: string, seen: LockState): void {
  const path = join(dir, LOCK_FILE);
  const guard = `${path}.takeover`;
  if (!createExclusive(guard, String(process.pid))) {
    // another newcomer is taking over; its guard is stale only if it died doing it
    try {
      if (Date.now() - statSync(guard).mtimeMs > LOCK_HEARTBEAT_MS) rmSync(guard, { force: true });
    } catch {
      // gone already
    }
    return;
  }
  try {
    const now = inspectRunLock(dir);
    // still the lock we judged stale (same owner), not a fresh one taken meanwhile
    if (now?.stale && JSON.stringify(now.owner) === JSON.stringify(seen.owner)) rmSync(path, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
}
