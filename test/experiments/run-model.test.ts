import { cpSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { makeConfig } from "../../src/experiments/config.js";
import {
  evaluateRunOnTestSet,
  rescoreSummary,
  exportModel,
  loadRunModel,
  resolveRun,
  exportedRunName,
  runExportDir,
  type TestEvaluation,
} from "../../src/experiments/run-model.js";
import { listRuns, runExperiment } from "../../src/experiments/store.js";
import { PATHS } from "../../src/config.js";
import { loadTestSetForFinalEvaluation } from "../../src/data/dataset.js";
import { choosePredictor } from "../../src/train/compiled-inference.js";
import { evaluateModel } from "../../src/train/evaluate.js";
import { demoModelDir, projectPath } from "../../src/util/paths.js";
import { compiledUnavailable } from "../../src/train/compiled-step.js";
import { REAL_DATA_SKIP_REASON, realDataDir, tmpDir } from "../helpers/fixtures.js";
import { tinyDataset } from "../helpers/tiny-data.js";

describe("a finished run's model", () => {
  it("is scored on a test set, exported, and loads back in plain TensorFlow.js with the same predictions", async () => {
    const out = tmpDir();
    const cfg = makeConfig({
      model: "simple_model_1",
      profile: "smoke",
      devPerClass: 5,
      trainLimit: 0,
      steps: 20,
      evalEvery: 10,
      logEvery: 5,
    });
    const run = await runExperiment(cfg, { outputDir: out, data: tinyDataset() });
    expect(resolveRun(run.name, out).dir).toBe(run.dir);
    expect(() => resolveRun("no-such-run", out)).toThrow(/no run 'no-such-run'/);

    const test = tinyDataset(10, 2);
    const e = await evaluateRunOnTestSet(run, test);
    expect(e.confusion.flat().reduce((a, b) => a + b, 0)).toBe(test.count);
    expect(e.checkpoint).toBe("best dev accuracy");
    const stored = JSON.parse(readFileSync(join(run.dir, "eval.json"), "utf8"));
    expect(stored.accuracy).toBe(e.accuracy);
    // each test image's class, as digits in file order: they give the accuracy and the confusion
    expect(stored.predictions).toMatch(new RegExp(`^[0-9]{${test.count}}$`));
    const predicted = Array.from(stored.predictions as string, Number);
    expect(predicted.filter((c, i) => c === test.labels[i]).length / test.count).toBe(e.accuracy);
    expect(predicted.filter((c, i) => test.labels[i] === 0 && c === 1).length).toBe(e.confusion[0][1]);
    // scored by one compiled graph where it runs, and the eager reference gives the same classes
    expect(stored.engine).toBe(compiledUnavailable() ? "eager" : "compiled");
    process.env.FMNIST_ENGINE = "eager";
    try {
      const eager = await evaluateRunOnTestSet(run, test);
      expect(eager.engine).toBe("eager");
      expect(eager.predictions).toBe(stored.predictions);
    } finally {
      delete process.env.FMNIST_ENGINE;
    }

    const { model } = await loadRunModel(run);
    const dir = join(out, "export");
    await exportModel(model, dir, { run: run.name, step: 20, checkpoint: "best dev accuracy" });
    const json = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
    const weights = readFileSync(join(dir, "weights.bin"));
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: new Uint8Array(weights).buffer,
      }),
    );
    const x = tf.tensor4d(test.images.subarray(0, 5 * 784), [5, 28, 28, 1]);
    const a = (model.predict(x) as tf.Tensor).dataSync();
    const b = (loaded.predict(x) as tf.Tensor).dataSync();
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 4);
    expect(
      json.modelTopology.config.layers.some((l: { class_name: string }) => l.class_name === "BatchNormalization"),
    ).toBe(true);

    // Without checkpoints (a fresh clone keeps none), the run's model comes from its export.
    for (const f of readdirSync(run.dir).filter((f) => f.endsWith(".ckpt"))) rmSync(join(run.dir, f));
    await expect(loadRunModel(run, join(out, "elsewhere"))).rejects.toThrow(/checkpoint .* is missing/);
    const fromExport = await loadRunModel(run, dir);
    expect(fromExport.rule).toContain("exported model");
    const c = (fromExport.model.predict(x) as tf.Tensor).dataSync();
    for (let i = 0; i < a.length; i++) expect(c[i]).toBeCloseTo(a[i], 4);
    // or from the run's own export in exports/<run>/ of its store, when the demo's is another run's
    expect(runExportDir(run)).toBe(join(out, "exports", run.name));
    cpSync(dir, runExportDir(run), { recursive: true });
    const fromOwn = await loadRunModel(run, join(out, "elsewhere"));
    expect(fromOwn.rule).toContain("exported model");
    const d = (fromOwn.model.predict(x) as tf.Tensor).dataSync();
    for (let i = 0; i < a.length; i++) expect(d[i]).toBeCloseTo(a[i], 4);
  });
});

describe("rescoreSummary", () => {
  const stored = {
    accuracy: 0.75,
    predictions: "0123",
    evaluatedAt: "2026-11-29T19:30:06.419Z",
  } as TestEvaluation;
  it("says whether a re-score reproduces the stored one, and how many predictions changed", () => {
    expect(rescoreSummary({ ...stored, predictions: "0124" } as TestEvaluation, stored)).toBe(
      "the stored eval.json (evaluated 2026-11-29, eager inference) holds 75.00%: reproduced exactly; 1 of 4 predictions differ",
    );
    expect(rescoreSummary({ ...stored, accuracy: 0.5, predictions: "0100" } as TestEvaluation, stored)).toBe(
      "the stored eval.json (evaluated 2026-11-29, eager inference) holds 75.00%: this score differs by 25.00 points (1 image fewer right); 2 of 4 predictions differ",
    );
  });
});

describe("the committed final models (real data)", () => {
  // every stored run scored on the test set whose weights the checkout holds (an export: checkpoints are not committed)
  const reScorable = listRuns(projectPath(PATHS.outputDir)).filter(
    (r) =>
      r.evaluation &&
      [demoModelDir(projectPath(PATHS.outputDir)), runExportDir(r)].some((d) => exportedRunName(d) === r.name),
  );
  if (!realDataDir()) console.log(`skipping the committed final models: ${REAL_DATA_SKIP_REASON}`);

  it.skipIf(!realDataDir() || reScorable.length === 0)(
    "re-score from the checkout to the test accuracy their eval.json holds",
    async () => {
      const test = loadTestSetForFinalEvaluation();
      for (const run of reScorable) {
        const { model } = await loadRunModel(run);
        const predictor = choosePredictor(model);
        const { accuracy, predictions } = evaluateModel(predictor.predict, test);
        predictor.close();
        model.dispose();
        const stored = run.evaluation as TestEvaluation;
        // to the precision the report prints (two decimals of a percentage: one image in 10,000)
        expect(Math.abs(accuracy - stored.accuracy), run.name).toBeLessThanOrEqual(1 / test.count);
        if (stored.predictions) {
          const same = Array.from(predictions).filter((c, i) => String(c) === stored.predictions![i]).length;
          expect(same / test.count, run.name).toBeGreaterThanOrEqual(0.999);
        }
      }
    },
    300_000,
  );
});
