import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { queuedRuns, submitArray } from "../../src/experiments/slurm-queue.js";
import { ExpectedError } from "../../src/util/errors.js";
import { tmpDir } from "../helpers/fixtures.js";

// The real queue is tested against a real Slurm in test/cli/study-slurm.test.ts; here, a machine without one.
const path = process.env.PATH;
afterEach(() => {
  process.env.PATH = path;
});

describe("slurm-queue without Slurm", () => {
  it("never asks Slurm when nothing was submitted", () => {
    process.env.PATH = tmpDir(); // no squeue anywhere
    expect(queuedRuns(tmpDir())).toEqual({ tasks: new Map(), problem: null });
  });

  it("says in one line that sbatch is missing, and what to do", () => {
    process.env.PATH = tmpDir();
    const out = tmpDir();
    let err: Error | undefined;
    try {
      submitArray("#!/bin/bash\n", ["a"], out);
    } catch (e) {
      err = e as Error;
    }
    expect(err).toBeInstanceOf(ExpectedError);
    expect(err!.message).toMatch(/^sbatch not found on PATH: .*--dry-run/);
    expect(err!.message).not.toContain("\n");
  });

  it("keeps a submission's record when the queue cannot be read, and says why", () => {
    const out = tmpDir();
    mkdirSync(join(out, "slurm"));
    writeFileSync(
      join(out, "slurm", "17.json"),
      JSON.stringify({ jobId: "17", runs: ["r0", "r1"], submittedAt: "2026-01-01T00:00:00Z" }),
    );
    process.env.PATH = tmpDir();
    const view = queuedRuns(out);
    expect(view.tasks.size).toBe(0);
    expect(view.problem).toMatch(/^squeue not found on PATH/);
    expect(existsSync(join(out, "slurm", "17.json"))).toBe(true);
  });

  it("leaves another user's records alone: squeue --me cannot tell their jobs have ended", () => {
    const out = tmpDir();
    mkdirSync(join(out, "slurm"));
    const bin = tmpDir();
    // a squeue that answers with an empty queue
    writeFileSync(join(bin, "squeue"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    const record = (jobId: string, user: string) =>
      writeFileSync(
        join(out, "slurm", `${jobId}.json`),
        JSON.stringify({ jobId, user, runs: ["r0"], submittedAt: "x" }),
      );
    record("21", userInfo().username);
    record("22", "someone-else");
    process.env.PATH = `${bin}:${path}`;
    expect(queuedRuns(out)).toEqual({ tasks: new Map(), problem: null });
    expect(existsSync(join(out, "slurm", "21.json"))).toBe(false);
    expect(existsSync(join(out, "slurm", "22.json"))).toBe(true);
  });
});
