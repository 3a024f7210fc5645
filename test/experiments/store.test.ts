import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { makeConfig, runName, type ConfigInput } from "../../src/experiments/config.js";
import { loadRun, runDirFor, runExperiment, runState } from "../../src/experiments/store.js";
import { RUN_FILES, type DevLine, type TrainLine } from "../../src/train/run-files.js";
import { compiledUnavailable } from "../../src/train/compiled-step.js";
import { projectRoot } from "../../src/util/paths.js";
import { tmpDir } from "../helpers/fixtures.js";
import { metricsWithoutTiming } from "../helpers/metrics.js";
import { tinyDataset } from "../helpers/tiny-data.js";
import { initBackend } from "../../src/runtime/backend.js";

const data = tinyDataset();
const base: ConfigInput = {
  model: "simple_model_1",
  profile: "smoke",
  devPerClass: 5,
  trainLimit: 0,
  steps: 40,
  evalEvery: 10,
  logEvery: 5,
};

function expectContiguous(dir: string, cfg: ReturnType<typeof makeConfig>) {
  const run = loadRun(dir);
  const train = run.metrics.filter((l): l is TrainLine => l.kind === "train").map((l) => l.step);
  const dev = run.metrics.filter((l): l is DevLine => l.kind === "dev").map((l) => l.step);
  const want = (every: number) =>
    Array.from({ length: Math.ceil(cfg.steps / every) }, (_, i) => Math.min((i + 1) * every, cfg.steps));
  expect(train).toEqual(want(cfg.logEvery));
  expect(dev).toEqual(want(cfg.evalEvery));
  expect(run.done?.steps).toBe(cfg.steps);
}

await initBackend();
describe("runExperiment", () => {
  it("trains a smoke run that lowers the loss, then returns it from disk without training", async () => {
    const out = tmpDir();
    const cfg = makeConfig(base);
    const run = await runExperiment(cfg, { outputDir: out, data });
    expect(run.done?.complete).toBe(true);
    expect(run.done?.code?.commit).toMatch(/^[0-9a-f]{40}$/); // the code that trained it
    // committed run files hold no path of the machine that trained them
    expect(readFileSync(join(run.dir, RUN_FILES.done), "utf8")).not.toContain(projectRoot());
    const train = run.metrics.filter((l): l is TrainLine => l.kind === "train");
    expect(train[train.length - 1].loss).toBeLessThan(train[0].loss * 0.8);
    expectContiguous(run.dir, cfg);
    expect(run.dir).toBe(join(out, "runs", runName(cfg)));

    const doneMtime = statSync(join(run.dir, RUN_FILES.done)).mtimeMs;
    let progressCalls = 0;
    const again = await runExperiment(cfg, { outputDir: out, data, onProgress: () => progressCalls++ });
    expect(progressCalls).toBe(0);
    expect(statSync(join(run.dir, RUN_FILES.done)).mtimeMs).toBe(doneMtime);
    expect(again.metrics).toEqual(run.metrics);
  });

  it("gives a changed parameter a new directory", () => {
    const a = runDirFor(makeConfig(base));
    expect(runDirFor(makeConfig({ ...base, augmentProb: 0.05 }))).not.toBe(a);
    expect(runDirFor(makeConfig({ ...base, seed: 1 }))).not.toBe(a);
    expect(runDirFor(makeConfig({ ...base }))).toBe(a);
    // the order ops are listed in does not matter
    expect(runDirFor(makeConfig({ ...base, augmentOps: ["crop", "noise"] }))).toBe(
      runDirFor(makeConfig({ ...base, augmentOps: ["noise", "crop"] })),
    );
  });

  it("resumes after a stop with no gap or duplicate in the metrics", async () => {
    const out = tmpDir();
    const cfg = makeConfig({ ...base, steps: 40 });
    let n = 0;
    expect(runState(cfg, out)).toEqual({ state: "missing", step: 0, training: null });
    const stopped = await runExperiment(cfg, { outputDir: out, data, shouldStop: () => ++n === 17 });
    expect(stopped.done).toBeNull();
    expect(runState(cfg, out)).toEqual({ state: "started", step: 15, training: null }); // the last logged step
    const resumed = await runExperiment(cfg, { outputDir: out, data });
    expect(resumed.done?.steps).toBe(40);
    expect(runState(cfg, out)).toMatchObject({ state: "done", step: 40, training: null, run: { dir: resumed.dir } });
    expectContiguous(resumed.dir, cfg);
  });

  it.each(compiledUnavailable() === null ? ["compiled", "eager"] : ["eager"])(
    "gives the same run for the same config and seed, straight through or stopped and resumed (%s path)",
    async (engine) => {
      const before = process.env.FMNIST_ENGINE;
      process.env.FMNIST_ENGINE = engine;
      onTestFinished(() => {
        if (before === undefined) delete process.env.FMNIST_ENGINE;
        else process.env.FMNIST_ENGINE = before;
      });
      const cfg = makeConfig({ ...base, steps: 30 });
      const devLines = (dir: string) => loadRun(dir).metrics.filter((l) => l.kind === "dev");
      const straight = await runExperiment(cfg, { outputDir: tmpDir(), data });
      const again = await runExperiment(cfg, { outputDir: tmpDir(), data });
      expect(metricsWithoutTiming(again.dir)).toEqual(metricsWithoutTiming(straight.dir));
      // A run stopped mid-window and resumed logs the same numbers as one straight through: the
      // window's partial sums travel with the checkpoint.
      const out = tmpDir();
      let n = 0;
      await runExperiment(cfg, { outputDir: out, data, shouldStop: () => ++n === 14 });
      const resumed = await runExperiment(cfg, { outputDir: out, data });
      expect(devLines(resumed.dir)).toEqual(devLines(straight.dir));
      expect(metricsWithoutTiming(resumed.dir)).toEqual(metricsWithoutTiming(straight.dir));
      const otherSeed = await runExperiment(makeConfig({ ...base, steps: 30, seed: 1 }), { outputDir: out, data });
      expect(metricsWithoutTiming(otherSeed.dir)).not.toEqual(metricsWithoutTiming(straight.dir));
      expect(straight.done?.engine).toBe(engine);
    },
  );

  it("lets timers and signal handlers run mid-run, so a Ctrl-C handler can stop it", async () => {
    const out = tmpDir();
    const cfg = makeConfig({ ...base, steps: 5000, evalEvery: 1000 });
    let stop = false;
    let steps = 0;
    setTimeout(() => (stop = true), 300); // a macrotask, as a SIGINT handler is
    const run = await runExperiment(cfg, {
      outputDir: out,
      data,
      shouldStop: () => stop,
      onProgress: (p) => (steps = p.step),
    });
    expect(run.done).toBeNull();
    expect(steps).toBeLessThan(5000);
  });

  it("survives a truncated last metrics line", async () => {
    const out = tmpDir();
    const cfg = makeConfig({ ...base, steps: 30 });
    let n = 0;
    const stopped = await runExperiment(cfg, { outputDir: out, data, shouldStop: () => ++n === 12 });
    const metricsPath = join(stopped.dir, RUN_FILES.metrics);
    writeFileSync(metricsPath, readFileSync(metricsPath, "utf8") + '{"kind":"train","step":1');
    await runExperiment(cfg, { outputDir: out, data });
    expectContiguous(stopped.dir, cfg);
  });

  it("restarts cleanly from a corrupt or missing checkpoint", async () => {
    for (const damage of ["corrupt", "missing"] as const) {
      const out = tmpDir();
      const cfg = makeConfig({ ...base, steps: 30 });
      let n = 0;
      const stopped = await runExperiment(cfg, { outputDir: out, data, shouldStop: () => ++n === 12 });
      const ckpt = join(stopped.dir, RUN_FILES.last);
      if (damage === "corrupt") {
        const bytes = readFileSync(ckpt);
        bytes[bytes.length - 10] ^= 0xff;
        writeFileSync(ckpt, bytes);
      } else {
        writeFileSync(ckpt, "");
      }
      const messages: string[] = [];
      await runExperiment(cfg, { outputDir: out, data, log: (m) => messages.push(m) });
      expect(messages.join("\n")).toMatch(
        damage === "corrupt"
          ? /does not match its checksum.*restarting the run from step 0/
          : /not a checkpoint.*restarting/,
      );
      expectContiguous(stopped.dir, cfg);
    }
  });

  it("refuses a directory whose config.json is foreign", async () => {
    const out = tmpDir();
    const cfg = makeConfig(base);
    const run = await runExperiment(cfg, { outputDir: out, data });
    writeFileSync(join(run.dir, RUN_FILES.config), JSON.stringify({ ...cfg, steps: 999 }));
    await expect(runExperiment(cfg, { outputDir: out, data })).rejects.toThrow(/holds the config of .*, not of/);
  });

  it("resumes a process killed with SIGKILL mid-run", async () => {
    const out = tmpDir();
    const cfg = makeConfig({ ...base, steps: 400, evalEvery: 20, logEvery: 10 });
    const dir = runDirFor(cfg, out);
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/helpers/train-child.ts", JSON.stringify(cfg), out],
      { stdio: "ignore" },
    );
    // wait until it has checkpointed at least twice, then kill it hard
    const t0 = Date.now();
    while (Date.now() - t0 < 60_000) {
      const m = existsSync(join(dir, RUN_FILES.metrics)) ? readFileSync(join(dir, RUN_FILES.metrics), "utf8") : "";
      if ((m.match(/"kind":"dev"/g) ?? []).length >= 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    expect(existsSync(join(dir, RUN_FILES.done))).toBe(false);
    const finish = spawnSync(
      process.execPath,
      ["--import", "tsx", "test/helpers/train-child.ts", JSON.stringify(cfg), out],
      { encoding: "utf8" },
    );
    expect(finish.stdout).toContain("complete");
    expectContiguous(dir, cfg);
  });
});

describe("configs", () => {
  it("rejects bad fields by name", () => {
    expect(() => makeConfig({ ...base, model: "lenet" as never })).toThrow(/unknown model 'lenet'/);
    expect(() => makeConfig({ ...base, loss: "mse" as never })).toThrow(/unknown loss 'mse'/);
    expect(() => makeConfig({ ...base, augmentProb: 2 })).toThrow(/augmentProb must be a number in \[0, 1\]/);
    expect(() => makeConfig({ ...base, steps: 0 })).toThrow(/steps must be a positive integer/);
    expect(() => makeConfig({ ...base, profile: "gpu" as never })).toThrow(/unknown profile 'gpu'/);
  });
});
