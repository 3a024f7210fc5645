import { describe, expect, it } from "vitest";
import type { Run } from "../../../src/experiments/store.js";
import type { MetricsLine } from "../../../src/train/run-files.js";
import {
  curveDistance,
  curveDistanceNote,
  describeCurveDistance,
} from "../../../src/report/statistics/curve-distance.js";
import type { OriginalCurves } from "../../../src/report/statistics/original-curves.js";
import { devLine, madeUpRun } from "../../helpers/made-up-runs.js";

/** Our made-up run: dev accuracy dev(step) every 250 steps to `last`. */
function run(model: "simple_model_1" | "resnet", last: number, dev: (s: number) => number): Run {
  const metrics: MetricsLine[] = [];
  for (let step = 250; step <= last; step += 250) metrics.push(devLine(step, dev(step)));
  return madeUpRun({ name: model, config: { model, steps: last }, metrics, done: false });
}

// the original's simple_model_1: every 500 steps to 200,000, alternating 0.90 and 0.86 (2 points around 0.88)
const curves: OriginalCurves = {
  source: { repository: "x", commit: "0000000", files: [] },
  note: "",
  path: "/nowhere/curves.json",
  runs: {
    simple_model_1: {
      originalRun: "x",
      train: [],
      dev: Array.from({ length: 400 }, (_, i) => ({
        step: 500 * (i + 1),
        accuracy: i % 2 === 0 ? 0.9 : 0.86,
        perClass: [],
      })),
    },
  },
};

describe("the distance between our dev curve and the original's", () => {
  it("compares at every step both logged, over the whole range, against the original's own movement", () => {
    // ours: 0.87 throughout, to step 20,000: 40 common points (every 500), −3 and +1 points alternately
    const d = curveDistance(
      run("simple_model_1", 20_000, () => 0.87),
      curves,
    )!;
    expect([d.points, d.from, d.to]).toEqual([40, 500, 20_000]);
    expect(d.meanDifference).toBeCloseTo(-1, 9);
    expect(d.meanAbsDifference).toBeCloseTo(2, 9);
    expect(d.originalJitter).toBeCloseTo(4, 9);
    // the last quarter: steps 15,125 onwards, i.e. 15,500…20,000: 10 points, 5 of each
    expect(d.lastStretch).toEqual({ from: 15_500, ours: expect.closeTo(87, 9), original: expect.closeTo(88, 9) });
    expect(describeCurveDistance("simple_model_1", d)).toBe(
      "simple_model_1, steps 500–20,000 (40 points where both logged): ours − original −1.00 points on average, 2.00 points apart in absolute value, against the original's own scatter of 4.00 points (an evaluation against the mean of its neighbours, second half of the range); over steps 15,500–20,000, ours 87.00% and the original's 88.00% on average",
    );
  });

  it("leaves out models without the original's logs, and says when none is left", () => {
    expect(
      curveDistance(
        run("resnet", 3000, () => 0.9),
        curves,
      ),
    ).toBeNull();
    expect(curveDistanceNote([run("resnet", 3000, () => 0.9)], curves)["text/plain"]).toMatch(/^No finished run/);
    expect(curveDistanceNote([run("simple_model_1", 3000, () => 0.9)], curves)["text/plain"]).toContain(
      "- simple_model_1 (3,000-step run), steps 500–3,000 (6 points where both logged)",
    );
  });
});
