import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeConfig } from "../../src/experiments/config.js";
import { loadRun, runDirFor } from "../../src/experiments/store.js";
import { RUN_FILES } from "../../src/train/run-files.js";
import {
  acquireRunLock,
  inspectRunLock,
  LOCK_FILE,
  LOCK_STALE_MS,
  RunBusyError,
  takeOverStale,
} from "../../src/train/run-lock.js";
import { tmpDir } from "../helpers/fixtures.js";

function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

function writeLock(dir: string, owner: object, ageMs = 0): void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  writeFileSync(path, JSON.stringify(owner));
  const t = (Date.now() - ageMs) / 1000;
  utimesSync(path, t, t);
}

describe("the run lock", () => {
  it("lets one holder in, names it to the next, and lets the next in once released", () => {
    const dir = tmpDir();
    const lock = acquireRunLock(dir);
    expect(() => acquireRunLock(dir)).toThrow(RunBusyError);
    expect(() => acquireRunLock(dir)).toThrow(
      new RegExp(
        `is being trained by pid ${process.pid} on ${hostname()} since .* \\(last heartbeat 0 s ago\\); wait for it to finish`,
      ),
    );
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    acquireRunLock(dir).release();
  });

  it("takes over a lock whose owner died on this host", () => {
    const dir = tmpDir();
    writeLock(dir, { host: hostname(), pid: deadPid(), startedAt: "2026-01-01T00:00:00Z" });
    expect(inspectRunLock(dir)?.stale).toBe(true);
    const lock = acquireRunLock(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("trusts another host's lock while its heartbeat is fresh, and takes it over once it is stale", () => {
    const dir = tmpDir();
    writeLock(dir, { host: "node-17", pid: 4242, startedAt: "2026-01-01T00:00:00Z" }, LOCK_STALE_MS / 2);
    expect(() => acquireRunLock(dir)).toThrow(/by pid 4242 on node-17/);
    writeLock(dir, { host: "node-17", pid: 4242, startedAt: "2026-01-01T00:00:00Z" }, LOCK_STALE_MS + 1000);
    acquireRunLock(dir).release();
  });

  it("counts a same-host lock as stale once its heartbeat is far past due, even if its pid runs (a restart can reuse it)", () => {
    const dir = tmpDir();
    // our own pid stands for a live process that is not the trainer: the heartbeat decides
    writeLock(dir, { host: hostname(), pid: process.pid, startedAt: "2026-01-01T00:00:00Z" }, LOCK_STALE_MS / 2);
    expect(inspectRunLock(dir)?.stale).toBe(false);
    expect(() => acquireRunLock(dir)).toThrow(
      new RegExp(`If \`ps -p ${process.pid} -o args\` shows no training of this run .* remove ${dir}/lock\.json`),
    );
    writeLock(dir, { host: hostname(), pid: process.pid, startedAt: "2026-01-01T00:00:00Z" }, LOCK_STALE_MS + 1000);
    expect(inspectRunLock(dir)?.stale).toBe(true);
    acquireRunLock(dir).release();
  });

  it("gives an unreadable lock file 30 s to be written before it counts as stale", () => {
    const dir = tmpDir();
    const write = (ageMs: number) => {
      writeFileSync(join(dir, LOCK_FILE), '{"host": "x", "pi');
      const t = (Date.now() - ageMs) / 1000;
      utimesSync(join(dir, LOCK_FILE), t, t);
    };
    write(25_000);
    expect(inspectRunLock(dir)?.stale).toBe(false);
    write(35_000);
    expect(inspectRunLock(dir)?.stale).toBe(true);
  });

  it("takes over only the stale lock it saw, not one taken afresh just before", () => {
    const dir = tmpDir();
    writeLock(dir, { host: hostname(), pid: deadPid(), startedAt: "2026-01-01T00:00:00Z" });
    const seen = inspectRunLock(dir)!;
    expect(seen.stale).toBe(true);
    // meanwhile a live process takes the lock
    const fresh = { host: hostname(), pid: process.pid, startedAt: "2026-12-05T00:00:00Z" };
    writeLock(dir, fresh);
    takeOverStale(dir, seen);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8"))).toEqual(fresh);
    // the stale one itself is removed
    writeLock(dir, seen.owner!);
    takeOverStale(dir, inspectRunLock(dir)!);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it("heartbeat refreshes the lock's time", () => {
    const dir = tmpDir();
    const lock = acquireRunLock(dir);
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(join(dir, LOCK_FILE), old, old);
    expect(inspectRunLock(dir)!.heartbeatAgeMs).toBeGreaterThan(50_000);
    lock.heartbeat();
    expect(inspectRunLock(dir)!.heartbeatAgeMs).toBeLessThan(5_000);
    lock.release();
  });
});

describe("two real processes on one run", () => {
  const child = (cfg: object, out: string) =>
    spawn(process.execPath, ["--import", "tsx", "test/helpers/train-child.ts", JSON.stringify(cfg), out], {
      stdio: ["ignore", "pipe", "pipe"],
    });
  const collect = (p: ReturnType<typeof child>) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      let out = "";
      let err = "";
      p.stdout!.on("data", (d) => (out += d));
      p.stderr!.on("data", (d) => (err += d));
      p.on("exit", (code) => resolve({ code, out, err }));
    });
  async function waitForDevLines(dir: string, n: number): Promise<void> {
    const t0 = Date.now();
    while (Date.now() - t0 < 60_000) {
      const m = existsSync(join(dir, RUN_FILES.metrics)) ? readFileSync(join(dir, RUN_FILES.metrics), "utf8") : "";
      if ((m.match(/"kind":"dev"/g) ?? []).length >= n) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no ${n} dev lines in ${dir} within 60 s`);
  }

  it("the second is refused with the first one's pid; the first finishes with every metrics line once", async () => {
    const out = tmpDir();
    const cfg = makeConfig({
      model: "simple_model_1",
      profile: "smoke",
      devPerClass: 5,
      steps: 300,
      evalEvery: 20,
      logEvery: 10,
    });
    const dir = runDirFor(cfg, out);
    const first = child(cfg, out);
    const firstDone = collect(first);
    await waitForDevLines(dir, 1);
    const second = await collect(child(cfg, out));
    expect(second.code).toBe(1);
    expect(second.err).toMatch(
      new RegExp(`error: run ${dir.split("/").pop()} is being trained by pid ${first.pid} on ${hostname()}`),
    );
    expect(second.err).not.toMatch(/\n\s+at /); // one line, no stack trace
    const done = await firstDone;
    expect(done.out).toContain("complete");
    const steps = loadRun(dir).metrics.map((l) => `${l.kind}@${l.step}`);
    expect(new Set(steps).size).toBe(steps.length);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 120_000);

  it("after a SIGKILL the next process takes the dead one's lock over and finishes the run", async () => {
    const out = tmpDir();
    const cfg = makeConfig({
      model: "simple_model_1",
      profile: "smoke",
      devPerClass: 5,
      steps: 300,
      evalEvery: 20,
      logEvery: 10,
    });
    const dir = runDirFor(cfg, out);
    const first = child(cfg, out);
    const exited = new Promise((r) => first.on("exit", r));
    await waitForDevLines(dir, 2);
    first.kill("SIGKILL");
    await exited;
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const next = await collect(child(cfg, out));
    expect(next.out).toContain("complete");
    expect(existsSync(join(dir, RUN_FILES.done))).toBe(true);
  }, 120_000);
});
