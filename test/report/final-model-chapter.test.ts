import { describe, expect, it } from "vitest";
import { confusedPairs } from "../../src/report/final-model-chapter.js";

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
