import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeConfig, type ConfigInput } from "../../src/experiments/config.js";
import { ContinueRunError } from "../../src/experiments/continue-run.js";
import { loadRun, runDirFor, runExperiment } from "../../src/experiments/store.js";
import { RUN_FILES } from "../../src/train/run-files.js";
import { tmpDir } from "../helpers/fixtures.js";
import { metricsWithoutTiming } from "../helpers/metrics.js";
import { tinyDataset } from "../helpers/tiny-data.js";

const data = tinyDataset();
const base: ConfigInput = {
  model: "simple_model_1",
  profile: "smoke",
  devPerClass: 5,
  trainLimit: 0,
  evalEvery: 10,
  logEvery: 5,
};

describe("continuing a finished run to more steps", () => {
  it("follows the path of the longer run trained from step 0, and records where it came from", async () => {
    const out = tmpDir();
    const short = await runExperiment(makeConfig({ ...base, steps: 20 }), { outputDir: out, data });
    const messages: string[] = [];
    const continued = await runExperiment(makeConfig({ ...base, steps: 40 }), {
      outputDir: out,
      data,
      continueFrom: short.name,
      log: (m) => messages.push(m),
    });
    expect(continued.done?.steps).toBe(40);
    expect(continued.continuedFrom).toEqual({ run: short.name, step: 20 });
    expect(messages.join("\n")).toMatch(
      new RegExp(`continuing from ${short.name} at step 20[\\s\\S]*resuming .* from step 20`),
    );
    // the source is untouched
    expect(loadRun(short.dir).done?.steps).toBe(20);

    const straight = await runExperiment(makeConfig({ ...base, steps: 40 }), { outputDir: tmpDir(), data });
    expect(straight.continuedFrom).toBeNull();
    expect(metricsWithoutTiming(continued.dir)).toEqual(metricsWithoutTiming(straight.dir));
    // model selection went on across the join: one best checkpoint, the best dev line's
    const best = readdirSync(continued.dir).filter((f) => f.startsWith("best-"));
    expect(best).toEqual([`best-${continued.done!.best!.step}.ckpt`]);
    expect(continued.done!.best).toEqual(straight.done!.best);
  });

  it("refuses, naming the source and the reason, and writes nothing", async () => {
    const out = tmpDir();
    const short = await runExperiment(makeConfig({ ...base, steps: 10 }), { outputDir: out, data });
    const attempt = async (input: ConfigInput, source: string) => {
      const cfg = makeConfig(input);
      const error = await runExperiment(cfg, { outputDir: out, data, continueFrom: source }).catch((e) => e);
      expect(existsSync(runDirFor(cfg, out))).toBe(false);
      expect(error).toBeInstanceOf(ContinueRunError);
      expect(error.message).toContain(source.includes("/") ? source : join(out, "runs", source));
      return error.message as string;
    };
    expect(await attempt({ ...base, steps: 20, seed: 1 }, short.name)).toMatch(
      /differs from this run's in more than the number of steps/,
    );
    expect(await attempt({ ...base, steps: 20, loss: "focal" }, short.name)).toMatch(/differs/);
    expect(await attempt({ ...base, steps: 5 }, short.name)).toMatch(
      /already has 10 steps, expected fewer than this run's 5/,
    );
    expect(await attempt({ ...base, steps: 20 }, "no-such-run")).toMatch(/not a run directory/);
    rmSync(join(short.dir, RUN_FILES.last));
    expect(await attempt({ ...base, steps: 20 }, short.dir)).toMatch(/last checkpoint \(last\.ckpt\) is missing/);
    rmSync(join(short.dir, RUN_FILES.done));
    expect(await attempt({ ...base, steps: 20 }, short.dir)).toMatch(/has not finished/);
  });
});
