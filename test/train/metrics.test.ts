import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  accuracyFromConfusion,
  confusionMatrix,
  pooledTrainAccuracy,
  sampledBatches,
} from "../../src/train/metrics.js";
import { readMetricsFile, type TrainLine } from "../../src/train/run-files.js";
import { projectPath } from "../../src/util/paths.js";

describe("confusion matrix and accuracy", () => {
  // 12 images; every class has one right answer, classes 0 and 9 one wrong answer each
  const labels = [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9];
  const preds = [0, 6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 7];

  it("counts confusion[true][predicted]", () => {
    const m = confusionMatrix(labels, preds);
    expect(m[0][0]).toBe(1);
    expect(m[0][6]).toBe(1);
    expect(m[9][9]).toBe(1);
    expect(m[9][7]).toBe(1);
    expect(m.flat().reduce((a, b) => a + b, 0)).toBe(12);
  });

  it("overall accuracy counts every class's right answers, the last class's included", () => {
    const a = accuracyFromConfusion(confusionMatrix(labels, preds));
    expect(a.accuracy).toBe(10 / 12);
    expect(a.count).toBe(12);
    expect(a.perClass).toEqual([0.5, 1, 1, 1, 1, 1, 1, 1, 1, 0.5]);
  });

  it("a class with no examples is NaN, not 0", () => {
    const a = accuracyFromConfusion(confusionMatrix([0, 1], [0, 0]));
    expect(a.perClass[0]).toBe(1);
    expect(a.perClass[1]).toBe(0);
    expect(Number.isNaN(a.perClass[2])).toBe(true);
    expect(a.accuracy).toBe(0.5);
  });
});

/** A train line at `step` whose sampled batches (since `previous`) got `hits` right of `batchSize` each. */
function trainLine(step: number, previous: number, hits: number, batchSize: number): TrainLine {
  const batches = sampledBatches(previous, step);
  return {
    kind: "train",
    step,
    loss: 0.1,
    accuracy: hits / (batches * batchSize),
    learningRate: 5e-4,
    imagesPerSecond: 1,
  };
}

describe("training accuracy pooled over longer windows", () => {
  it("pools 50-step lines (12 or 13 sampled batches each) over 500 steps, as one 500-step line would be", () => {
    const lines: TrainLine[] = [];
    let hits = 0;
    for (let step = 50; step <= 1000; step += 50) {
      // every sampled image right, except 3 in the line ending at step 150
      const right = sampledBatches(step - 50, step) * 8 - (step === 150 ? 3 : 0);
      if (step <= 500) hits += right;
      lines.push(trainLine(step, step - 50, right, 8));
    }
    const pooled = pooledTrainAccuracy(lines, 8, 500);
    expect(pooled).toEqual([
      { step: 500, accuracy: hits / 1000, images: 1000 },
      { step: 1000, accuracy: 1, images: 1000 },
    ]);
    expect(pooled[0].accuracy).toBeLessThan(1);
    // a 50-step line of all right (step 100) is not a 500-step window of all right
    expect(lines[1].accuracy).toBe(1);
  });

  it("keeps a shorter last window and skips lines without a sampled batch", () => {
    const lines = [trainLine(4, 0, 2, 2), trainLine(6, 4, 0, 2), { ...trainLine(7, 6, 0, 2), accuracy: null }];
    expect(pooledTrainAccuracy(lines, 2, 500)).toEqual([{ step: 4, accuracy: 1, images: 2 }]);
  });

  // the stored runs: each logged accuracy is a whole number of images of the batches it sampled
  const runs = projectPath("output_dir/runs");
  it.skipIf(!existsSync(runs))("finds a whole number of right images in every logged line of the stored runs", () => {
    let checked = 0;
    for (const name of readdirSync(runs)) {
      if (!existsSync(join(runs, name, "metrics.jsonl"))) continue;
      const lines = readMetricsFile(join(runs, name)).lines.filter((l): l is TrainLine => l.kind === "train");
      const { batchSize } = JSON.parse(readFileSync(join(runs, name, "config.json"), "utf8"));
      let previous = 0;
      for (const l of lines) {
        const images = sampledBatches(previous, l.step) * batchSize;
        previous = l.step;
        if (l.accuracy === null) continue;
        expect(Math.abs(l.accuracy * images - Math.round(l.accuracy * images)), `${name} step ${l.step}`).toBeLessThan(
          1e-6,
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
