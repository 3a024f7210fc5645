import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { initBackend } from "../../src/runtime/backend.js";
import { crossEntropy, focalLoss, lossByName, weightedCrossEntropy } from "../../src/train/losses.js";
import { learningRateAt, ORIGINAL_SCHEDULE, scheduleLabel, validateSchedule } from "../../src/train/schedule.js";

await initBackend();

const logits = [
  [2, 1, 0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 3, 0, 0, 0],
];
const labels = [0, 2];

/** The same maths in plain numbers. */
function byHand(row: number[], y: number) {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
  const logP = row[y] - lse;
  return { ce: -logP, p: Math.exp(logP) };
}

function value(fn: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Scalar, l = logits, y = labels) {
  return tf.tidy(() => fn(tf.oneHot(tf.tensor1d(y, "int32"), 10) as tf.Tensor2D, tf.tensor2d(l)).dataSync()[0]);
}

describe("losses", () => {
  const h = labels.map((y, i) => byHand(logits[i], y));

  it("cross-entropy is the mean of −log p_y", () => {
    expect(value(crossEntropy)).toBeCloseTo((h[0].ce + h[1].ce) / 2, 5);
  });

  it("weighted cross-entropy is the mean of w[y]·CE with w = [2,1,2,1,2,1,2,1,1,1]", () => {
    expect(value(weightedCrossEntropy)).toBeCloseTo((2 * h[0].ce + 2 * h[1].ce) / 2, 5);
    expect(value(weightedCrossEntropy, logits, [1, 3])).toBeCloseTo(
      (byHand(logits[0], 1).ce + byHand(logits[1], 3).ce) / 2,
      5,
    );
  });

  it("weights each class as the original: T-shirt, Pullover, Coat and Shirt twice, the rest once", () => {
    const row = [0.5, -1, 2, 0, 1, -0.5, 0.25, 3, -2, 1.5];
    const weights = [2, 1, 2, 1, 2, 1, 2, 1, 1, 1]; // the original's train.py, literally
    for (let c = 0; c < 10; c++) {
      expect(value(weightedCrossEntropy, [row], [c]) / value(crossEntropy, [row], [c])).toBeCloseTo(weights[c], 5);
    }
  });

  it("focal loss is the mean of −(1−p)²·log p", () => {
    expect(value(focalLoss())).toBeCloseTo(h.reduce((s, { ce, p }) => s + (1 - p) ** 2 * ce, 0) / 2, 5);
  });

  it("stays finite, with finite gradients, for extreme logits", () => {
    for (const name of ["cross_entropy", "weighted_cross_entropy", "focal"]) {
      const fn = lossByName(name);
      const extreme = [
        [1000, -1000, 0, 0, 0, 0, 0, 0, 0, 0],
        [-1000, 1000, 0, 0, 0, 0, 0, 0, 0, 0],
      ];
      const oneHot = tf.oneHot(tf.tensor1d([0, 0], "int32"), 10) as tf.Tensor2D;
      const x = tf.tensor2d(extreme);
      const { value: v, grad } = tf.valueAndGrad((l: tf.Tensor) => fn(oneHot, l as tf.Tensor2D))(x);
      expect(Number.isFinite(v.dataSync()[0])).toBe(true);
      expect(Array.from(grad.dataSync()).every(Number.isFinite)).toBe(true);
      // the confident right answer (row 0) costs nothing; the confident wrong one a lot
      expect(v.dataSync()[0]).toBeGreaterThan(100);
    }
  });

  it("rejects an unknown loss, naming the valid ones", () => {
    expect(() => lossByName("hinge")).toThrow(
      /unknown loss 'hinge'; expected one of cross_entropy, weighted_cross_entropy, focal/,
    );
  });
});

describe("learning-rate schedule", () => {
  it("cosine: linear warm-up, a cosine down to the floor at the horizon, the floor after", () => {
    const s = {
      kind: "cosine" as const,
      initialLearningRate: 1e-3,
      warmupSteps: 100,
      horizonSteps: 1100,
      finalLearningRate: 1e-5,
    };
    expect(learningRateAt(50, s)).toBeCloseTo(5e-4, 12);
    expect(learningRateAt(100, s)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(600, s)).toBeCloseTo(1e-5 + (1e-3 - 1e-5) / 2, 12);
    expect(learningRateAt(1100, s)).toBeCloseTo(1e-5, 12);
    expect(learningRateAt(5000, s)).toBeCloseTo(1e-5, 12);
    expect(() => validateSchedule({ ...s, warmupSteps: 2000 })).toThrow(
      /warmupSteps \(2000\) must be below horizonSteps \(1100\)/,
    );
    expect(() => validateSchedule({ ...s, kind: "linear" as never })).toThrow(
      /schedule.kind must be one of staircase, cosine, got "linear"/,
    );
  });

  it("is 5e-4 × 0.9^floor(step/10000)", () => {
    expect(learningRateAt(0)).toBe(5e-4);
    expect(learningRateAt(9_999)).toBe(5e-4);
    expect(learningRateAt(10_000)).toBeCloseTo(4.5e-4, 12);
    expect(learningRateAt(250_000)).toBeCloseTo(5e-4 * 0.9 ** 25, 12);
    expect(() => learningRateAt(-1)).toThrow(/non-negative integer/);
  });

  it("is named in a few words: the original's (at any decay interval), else its kind and peak", () => {
    expect(scheduleLabel(ORIGINAL_SCHEDULE)).toBe("original schedule");
    expect(scheduleLabel({ ...ORIGINAL_SCHEDULE, decaySteps: 5_000 })).toBe("original schedule");
    expect(scheduleLabel({ ...ORIGINAL_SCHEDULE, decayRate: 0.5 })).toBe("staircase from 0.0005");
    const cosine = {
      kind: "cosine",
      initialLearningRate: 1e-3,
      warmupSteps: 500,
      horizonSteps: 20_000,
      finalLearningRate: 1e-5,
    } as const;
    expect(scheduleLabel(cosine)).toBe("cosine from 0.001");
  });
});
