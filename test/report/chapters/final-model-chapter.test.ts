import { describe, expect, it } from "vitest";
import { makeConfig } from "../../../src/experiments/config.js";
import { evaluateRunOnTestSet } from "../../../src/experiments/run-model.js";
import { runExperiment } from "../../../src/experiments/store.js";
import { confusedPairs, testPredictions } from "../../../src/report/chapters/final-model-chapter.js";
import { tmpDir } from "../../helpers/fixtures.js";
import { tinyDataset } from "../../helpers/tiny-data.js";

/** A 4-class confusion matrix (rows: true class, columns: predicted). */
const confusion = [
  [50, 1, 0, 9],
  [2, 60, 0, 0],
  [0, 0, 70, 0],
  [3, 0, 4, 40],
];

describe("confusedPairs", () => {
  it("ranks pairs by their errors in both directions, and says how many went each way", () => {
    expect(confusedPairs(confusion)).toEqual([
      { classes: [0, 3], errors: 12, aAsB: 9, bAsA: 3 },
      { classes: [2, 3], errors: 4, aAsB: 0, bAsA: 4 },
      { classes: [0, 1], errors: 3, aAsB: 1, bAsA: 2 },
    ]);
  });

  it("keeps the first `limit` pairs, ties in class order, and leaves out pairs never confused", () => {
    const even = [
      [5, 1, 1],
      [0, 5, 0],
      [0, 1, 5],
    ];
    expect(confusedPairs(even, 2).map((p) => p.classes)).toEqual([
      [0, 1],
      [0, 2],
    ]);
    expect(
      confusedPairs([
        [5, 0],
        [0, 5],
      ]),
    ).toEqual([]);
  });
});

describe("testPredictions", () => {
  it("reads each test image's class from eval.json, and predicts them from the model for an older eval.json without", async () => {
    const cfg = makeConfig({ model: "simple_model_1", profile: "smoke", devPerClass: 5, trainLimit: 0, steps: 10 });
    const run = await runExperiment(cfg, { outputDir: tmpDir(), data: tinyDataset() });
    const test = tinyDataset(10, 2);
    const e = await evaluateRunOnTestSet(run, test);
    const stored = await testPredictions(run, e, test);
    expect(Array.from(stored).join("")).toBe(e.predictions);
    const { predictions: _, ...older } = e;
    expect(await testPredictions(run, older, test)).toEqual(stored);
  });
});
