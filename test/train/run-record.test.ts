import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { initBackend } from "../../src/runtime/backend.js";
import { RunRecord } from "../../src/train/run-record.js";
import { RUN_FILES } from "../../src/train/run-files.js";
import { tmpDir } from "../helpers/fixtures.js";

const backend = await initBackend();

function tinyModel(): tf.LayersModel {
  return tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
}

describe("RunRecord", () => {
  it("starts a run without a checkpoint at step 0, drops metrics no checkpoint holds, and says so", async () => {
    const dir = tmpDir();
    writeFileSync(join(dir, RUN_FILES.metrics), '{"kind":"train","step":10,"loss":1,"accuracy":null}\n');
    const messages: string[] = [];
    const run = await RunRecord.resume(dir, tinyModel(), tf.train.adam(), backend, (m) => messages.push(m));
    expect([run.step, run.best, run.lastDev]).toEqual([0, null, null]);
    expect(readFileSync(join(dir, RUN_FILES.metrics), "utf8")).toBe("");
    expect(messages).toEqual([
      expect.stringMatching(
        /metrics\.jsonl logs 10 steps, but last\.ckpt is missing .*restarting the run from step 0$/,
      ),
    ]);
    // a new run (nothing logged) starts silently
    const fresh: string[] = [];
    await RunRecord.resume(tmpDir(), tinyModel(), tf.train.adam(), backend, (m) => fresh.push(m));
    expect(fresh).toEqual([]);
  });

  it("refuses to resume past a line cut before its checkpoint (the log up to it would have a hole), but replays over a cut last line", async () => {
    const dir = tmpDir();
    const model = tinyModel();
    const run = await RunRecord.resume(dir, model, tf.train.adam(), backend, () => {});
    for (let i = 0; i < 4; i++) {
      run.addStep(1.0, null, 64, 0.1);
      if (run.step % 2 === 0) run.logTrain(5e-4, 100);
    }
    await run.checkpoint();
    const path = join(dir, RUN_FILES.metrics);
    const whole = readFileSync(path, "utf8");
    // a crash cut the last line: resuming drops it and replays it
    writeFileSync(path, whole.slice(0, -10));
    const resumed = await RunRecord.resume(dir, tinyModel(), tf.train.adam(), backend, () => {});
    expect(resumed.step).toBe(4);
    // a line cut in the middle, with a line of step ≤ 4 after it: damaged, said with the file and line
    const [first, second] = whole.trim().split("\n");
    writeFileSync(path, `${first.slice(0, 20)}\n${second}\n`);
    await expect(RunRecord.resume(dir, tinyModel(), tf.train.adam(), backend, () => {})).rejects.toThrow(
      new RegExp(
        `metrics\\.jsonl: line 1 \\(not valid JSON\\) lies before the checkpoint at step 4, .*train it again from step 0`,
      ),
    );
  });

  it("logs the window's mean loss and the accuracy pooled over its sampled batches, then opens a new window", async () => {
    const dir = tmpDir();
    const run = await RunRecord.resume(dir, tinyModel(), tf.train.adam(), backend, () => {});
    run.addStep(1.0, null, 64, 0.5);
    run.addStep(2.0, 48, 64, 0.5);
    run.addStep(3.0, 16, 64, 0.5);
    run.logTrain(5e-4, 100);
    run.addStep(4.0, null, 64, 0.5);
    run.logTrain(5e-4, 100);
    const lines = readFileSync(join(dir, RUN_FILES.metrics), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.step, l.loss, l.accuracy])).toEqual([
      [3, 2, 0.5],
      [4, 4, null],
    ]);
    expect(run.trainSeconds).toBe(2);
  });

  it("logs the load and usable cores beside each train line and records the machine with them when the run finishes", async () => {
    const dir = tmpDir();
    const all = cpus().length;
    const run = await RunRecord.resume(dir, tinyModel(), tf.train.adam(), backend, () => {});
    run.addStep(1.0, null, 64, 0.5);
    run.logTrain(5e-4, 100, 1.5, all);
    run.addStep(1.0, null, 64, 0.5);
    run.addStep(1.0, null, 64, 0.5);
    run.logTrain(5e-4, 100, 2.5, 1); // two steps pinned to one core
    run.addStep(1.0, null, 64, 0.5);
    run.logTrain(5e-4, 100); // no load where the OS keeps none
    const done = run.finish(null);
    expect(done.machine).toEqual({
      cpu: expect.any(String),
      cores: all,
      meanLoad: 2,
      ...(all > 1 ? { fewerCoreSteps: { "1": 2 } } : {}),
    });
    expect(JSON.parse(readFileSync(join(dir, RUN_FILES.done), "utf8")).machine).toEqual(done.machine);
    const lines = readFileSync(join(dir, RUN_FILES.metrics), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.load, l.cores])).toEqual([
      [1.5, all],
      [2.5, 1],
      [undefined, undefined],
    ]);
  });

  it("refuses a loss that is not finite, naming the step and the run", async () => {
    const dir = tmpDir();
    const run = await RunRecord.resume(dir, tinyModel(), tf.train.adam(), backend, () => {});
    run.addStep(1.0, null, 64, 0.1);
    expect(() => run.addStep(NaN, null, 64, 0.1)).toThrow(`loss became NaN at step 2 of ${dir}`);
  });
});
