import { describe, expect, it } from "vitest";
import { accuracyFromConfusion, confusionMatrix } from "../../src/train/metrics.js";

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
