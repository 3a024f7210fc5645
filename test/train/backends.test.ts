/** The engine trains on the fallback backends too (each in its own process: one backend per process). */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { makeConfig } from "../../src/experiments/config.js";
import { loadRun, runDirFor } from "../../src/experiments/store.js";
import type { TrainLine } from "../../src/train/run-files.js";
import { tmpDir } from "../helpers/fixtures.js";

describe("training on the fallback backends", () => {
  for (const backend of ["wasm", "cpu"]) {
    it(`completes a small run on ${backend} and records the backend`, () => {
      const out = tmpDir();
      const cfg = makeConfig({
        model: "simple_model_1",
        profile: "smoke",
        batchSize: 16,
        steps: 8,
        evalEvery: 4,
        logEvery: 2,
        devPerClass: 5,
        trainLimit: 0,
      });
      const r = spawnSync(
        process.execPath,
        ["--import", "tsx", "test/helpers/train-child.ts", JSON.stringify(cfg), out],
        { encoding: "utf8", env: { ...process.env, FMNIST_BACKEND: backend } },
      );
      expect(r.stdout, r.stderr).toContain("complete");
      const run = loadRun(runDirFor(cfg, out));
      expect(run.done?.backend.name).toBe(backend);
      const train = run.metrics.filter((l): l is TrainLine => l.kind === "train");
      expect(train.every((l) => Number.isFinite(l.loss))).toBe(true);
    }, 180_000);
  }
});
