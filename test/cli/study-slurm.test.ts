/**
 * `npm run study -- --slurm` against a real one-node Slurm (munged, slurmctld, slurmd started by
 * the test in a temp dir): three smoke runs as one array job, each trained once; `--list` while
 * queued and after; a second `--slurm` submits nothing; a task cancelled mid-run checkpoints and
 * the next submission resumes it.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeConfig, runName } from "../../src/experiments/config.js";
import { runDirFor } from "../../src/experiments/store.js";
import { studyConfigs } from "../../src/experiments/study.js";
import { readMetrics, RUN_FILES } from "../../src/train/run-files.js";
import { realDataDir, REAL_DATA_SKIP_REASON, tmpDir } from "../helpers/fixtures.js";
import { startSlurmCluster, type SlurmCluster } from "../helpers/slurm-cluster.js";

const hasData = realDataDir() !== null;
let cluster: SlurmCluster | string = hasData ? "" : REAL_DATA_SKIP_REASON;

/** `npm run study -- ARGS` as a user runs it (node directly: setup is done), against the test's store and Slurm. */
function study(out: string, args: string[]): Promise<{ code: number | null; text: string }> {
  const c = cluster as SlurmCluster;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/study.ts", ...args], {
      env: { ...c.env, FMNIST_OUTPUT_DIR: out },
    });
    let text = "";
    child.stdout.on("data", (d) => (text += d));
    child.stderr.on("data", (d) => (text += d));
    child.on("exit", (code) => resolve({ code, text }));
  });
}

function queue(): string {
  return spawnSync("squeue", ["--noheader", "--array", "--format=%i %T"], {
    env: (cluster as SlurmCluster).env,
    encoding: "utf8",
  }).stdout;
}

async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (!(await ok())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what} within ${timeoutMs / 1000} s; queue:\n${queue()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function taskLogs(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => /^slurm-\d+_\d+\.log$/.test(f)) : [];
}

beforeAll(async () => {
  if (hasData) cluster = await startSlurmCluster(2);
  if (typeof cluster === "string") console.log(`skipping the Slurm test: ${cluster}`);
}, 60_000);

afterAll(() => {
  if (typeof cluster !== "string") cluster.stop();
}, 60_000);

describe("npm run study -- --slurm on a one-node Slurm", () => {
  it("runs the missing runs as one array job, each once; --list shows the queue; nothing is submitted twice", async (ctx) => {
    if (typeof cluster === "string") {
      ctx.skip();
      return;
    }
    const out = tmpDir();
    const names = studyConfigs("losses", "smoke").map(runName);
    const t0 = Date.now();
    const submit = await study(out, ["--profile", "smoke", "--section", "losses", "--slurm", "--cpus-per-task", "1"]);
    expect(submit.code, submit.text).toBe(0);
    const jobId = submit.text.match(/submitted slurm job (\d+): 3 task\(s\)/)?.[1];
    expect(jobId, submit.text).toBeDefined();

    // while queued or running: --list says so, and a second --slurm submits nothing
    const during = await study(out, ["--profile", "smoke", "--section", "losses", "--list"]);
    expect(during.text).toMatch(new RegExp(`slurm job ${jobId}_\\d (PENDING|RUNNING|CONFIGURING)`));
    const again = await study(out, ["--profile", "smoke", "--section", "losses", "--slurm", "--cpus-per-task", "1"]);
    expect(again.code).toBe(0);
    expect(again.text).toContain("nothing to submit");

    await until("the three runs did not finish", () => !queue().includes(`${jobId}_`), 600_000);
    console.log(`three smoke runs as one Slurm array (2 tasks at once): ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const after = await study(out, ["--profile", "smoke", "--section", "losses", "--list"]);
    expect(after.text).toContain("3 of 3 runs done at profile smoke");
    expect(after.text).not.toContain("slurm job");
    for (const name of names) {
      const dir = join(out, "runs", name);
      expect(existsSync(join(dir, RUN_FILES.done)), name).toBe(true);
      const logs = taskLogs(dir);
      expect(logs, name).toHaveLength(1);
      expect(readFileSync(join(dir, logs[0]), "utf8")).toContain(`: ${name}`);
      // trained once: every logged step appears once per kind
      const keys = readMetrics(dir).map((m) => `${m.kind}@${m.step}`);
      expect(new Set(keys).size, name).toBe(keys.length);
    }
    expect((await study(out, ["--profile", "smoke", "--section", "losses", "--slurm"])).text).toContain(
      "nothing to submit",
    );
  }, 900_000);

  it("a task cancelled mid-run (scancel: SIGTERM) leaves a checkpoint; the next --slurm resumes it", async (ctx) => {
    if (typeof cluster === "string") {
      ctx.skip();
      return;
    }
    const out = tmpDir();
    const steps = 5000;
    const cfg = makeConfig({ model: "simple_model_1", profile: "smoke", steps });
    const name = runName(cfg);
    const dir = runDirFor(cfg, out);
    const selection = ["--profile", "smoke", "--section", "architectures", "--steps", String(steps), "--run", name];
    const args = [...selection, "--slurm"];
    const first = await study(out, args);
    const jobId = first.text.match(/submitted slurm job (\d+): 1 task/)?.[1];
    expect(jobId, first.text).toBeDefined();
    await until(
      "training did not start",
      () => existsSync(join(dir, RUN_FILES.metrics)) && readMetrics(dir).some((m) => m.step >= 24),
      300_000,
    );
    spawnSync("scancel", [jobId!], { env: (cluster as SlurmCluster).env });
    await until("the cancelled task did not end", () => !queue().includes(`${jobId}_`), 120_000);
    const log = readFileSync(join(dir, `slurm-${jobId}_0.log`), "utf8");
    expect(log).toContain("terminated: saving a checkpoint after this step");
    expect(existsSync(join(dir, RUN_FILES.last))).toBe(true);
    const stoppedAt = readMetrics(dir).at(-1)!.step;
    expect(stoppedAt).toBeLessThan(steps);

    const listed = await study(out, [...selection, "--list"]);
    expect(listed.text).toMatch(new RegExp(`started .*${name}`));
    const second = await study(out, args);
    const resumedId = second.text.match(/submitted slurm job (\d+): 1 task/)?.[1];
    expect(resumedId, second.text).toBeDefined();
    const resumedLog = join(dir, `slurm-${resumedId}_0.log`);
    await until(
      "the resubmitted task did not resume",
      () => existsSync(resumedLog) && /resuming .* from step \d+/.test(readFileSync(resumedLog, "utf8")),
      300_000,
    );
    const from = Number(readFileSync(resumedLog, "utf8").match(/resuming .* from step (\d+)/)![1]);
    // the checkpoint written on SIGTERM: at or after the last logged step, not the start
    expect(from).toBeGreaterThanOrEqual(stoppedAt);
    expect(from).toBeLessThan(steps);
    spawnSync("scancel", [resumedId!], { env: (cluster as SlurmCluster).env });
    await until("the resumed task did not end", () => !queue().includes(`${resumedId}_`), 120_000);
  }, 900_000);
});
