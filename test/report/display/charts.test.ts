import { describe, expect, it } from "vitest";
import { makeConfig } from "../../../src/experiments/config.js";
import type { Run } from "../../../src/experiments/store.js";
import {
  accuracyCurves,
  comparisonDots,
  learningRateCurves,
  perClassBars,
  seriesColour,
  trainingCurve,
  zoomedRange,
} from "../../../src/report/display/charts.js";
import { chartAxisProblems } from "../../../src/report/print/chart-check.js";
import { sampledBatches } from "../../../src/train/metrics.js";
import { LOSS_NAMES, MODEL_NAMES } from "../../../src/config.js";

function run(continuedFrom: Run["continuedFrom"]): Run {
  const config = makeConfig({ model: "resnet", loss: "focal", split: "final", profile: "smoke" });
  const train = (step: number, loss: number, accuracy: number) => ({
    kind: "train" as const,
    step,
    loss,
    accuracy,
    learningRate: 5e-4,
    imagesPerSecond: 100,
  });
  return {
    name: "r",
    dir: "/nowhere/r",
    config,
    metrics: [train(3, 2.0, 0.25), train(6, 1.5, 0.5), train(9, 1.25, 0.75)],
    done: null,
    evaluation: null,
    continuedFrom,
    problems: [],
  };
}

describe("trainingCurve", () => {
  it("plots training loss and accuracy (%) against steps", () => {
    const bundle = trainingCurve(run(null), "final model");
    const fig = bundle["application/vnd.plotly.v1+json"] as {
      data: { x: number[]; y: number[]; yaxis?: string }[];
      layout: { shapes: unknown[] };
    };
    expect(fig.data.map((d) => d.x)).toEqual([
      [3, 6, 9],
      [3, 6, 9],
    ]);
    expect(fig.data[0].y).toEqual([2.0, 1.5, 1.25]);
    expect(fig.data[1]).toMatchObject({ y: [25, 50, 75], yaxis: "y2" });
    expect(fig.layout.shapes).toEqual([]);
    expect(bundle["text/plain"]).toBe(
      "final model: 3 logged windows to step 9, last loss 1.2500, last training accuracy 75.00%",
    );
  });

  it("marks the step a continued run went on from", () => {
    const bundle = trainingCurve(run({ run: "shorter", step: 6 }), "final model");
    const fig = bundle["application/vnd.plotly.v1+json"] as {
      layout: { shapes: { x0: number }[]; annotations: { text: string }[] };
    };
    expect(fig.layout.shapes[0].x0).toBe(6);
    expect(fig.layout.annotations[0].text).toBe("continued from shorter");
    expect(bundle["text/plain"]).toContain("continued from shorter at step 6");
  });
});

describe("comparisonDots", () => {
  it("draws ours as dots with their 95% interval as whiskers, inside an axis that holds every figure", () => {
    const bundle = comparisonDots(
      [
        { label: "resnet", ours: 90, interval: [89, 91.5], original: 95 },
        { label: "inception", ours: 88, interval: null, original: 94.5 },
      ],
      "t",
      "ours",
    );
    const fig = bundle["application/vnd.plotly.v1+json"] as {
      data: { error_y?: { array: number[]; arrayminus: number[] } }[];
    };
    expect(fig.data[0].error_y).toMatchObject({ array: [1.5, 0], arrayminus: [1, 0] });
    expect(fig.data[1].error_y).toBeUndefined();
    expect(chartAxisProblems(fig as never)).toEqual([]);
    const layout = (fig as unknown as { layout: { yaxis: { range: number[] } } }).layout;
    expect(layout.yaxis.range).toEqual([87, 96]);
  });
});

describe("charts without runs", () => {
  it("say there is nothing to plot instead of drawing empty axes", () => {
    for (const bundle of [
      comparisonDots([{ label: "resnet", ours: null, original: 95 }], "t", "ours"),
      accuracyCurves([], (r) => r.name, { title: "t" }),
      perClassBars([], (r) => r.name, "t"),
    ]) {
      expect(bundle["application/vnd.plotly.v1+json"]).toBeUndefined();
      expect(bundle["text/plain"]).toBe("t: no finished runs at this profile yet, nothing to plot.");
    }
  });
});

describe("accuracyCurves", () => {
  it("pools training accuracy over the original's window when asked, and shows each logged line otherwise", () => {
    // 50-step lines (12 or 13 sampled batches of 64): all right, except 64 images wrong in the line to step 100
    const metrics = [50, 100, 150, 200].map((step) => {
      const images = sampledBatches(step - 50, step) * 64;
      return {
        kind: "train" as const,
        step,
        loss: 0.1,
        accuracy: step === 100 ? (images - 64) / images : 1,
        learningRate: 5e-4,
        imagesPerSecond: 100,
      };
    });
    const r: Run = { ...run(null), metrics: [...metrics, { kind: "dev", step: 200, accuracy: 0.9, perClass: [] }] };
    const trainSeries = (opts: { trainWindow?: number }) =>
      (
        accuracyCurves([r], () => "p=0", { title: "t", train: true, ...opts })["application/vnd.plotly.v1+json"] as {
          data: { name: string; x: number[]; y: number[] }[];
        }
      ).data.find((d) => d.name === "p=0 train")!;
    expect(trainSeries({}).x).toEqual([50, 100, 150, 200]);
    // 50 sampled batches to step 200, one of them wrong throughout: 49 of 50 right
    expect(trainSeries({ trainWindow: 500 })).toMatchObject({ x: [200], y: [98] });
    expect(trainSeries({ trainWindow: 100 })).toMatchObject({ x: [100, 200], y: [100 * (24 / 25), 100] });
  });
});

describe("learningRateCurves", () => {
  it("draws each schedule from its config, with the staircase's drops where they fall", () => {
    const original = makeConfig({ model: "inception", profile: "cpu", steps: 20_000 });
    const cosine = makeConfig({
      model: "inception",
      profile: "cpu",
      steps: 20_000,
      schedule: { kind: "cosine", initialLearningRate: 1e-3, warmupSteps: 500, finalLearningRate: 1e-5 },
    });
    const bundle = learningRateCurves([original, cosine], "t");
    const fig = bundle["application/vnd.plotly.v1+json"] as { data: { name: string; x: number[]; y: number[] }[] };
    expect(fig.data.map((d) => d.name)).toEqual(["original schedule", "cosine from 0.001"]);
    const [stairs, cos] = fig.data;
    const at = (d: { x: number[]; y: number[] }, step: number) => d.y[d.x.indexOf(step)];
    expect([at(stairs, 1), at(stairs, 9_999), at(stairs, 10_000), at(stairs, 20_000)]).toEqual([
      5e-4,
      5e-4,
      5e-4 * 0.9,
      5e-4 * 0.9 * 0.9,
    ]);
    expect(at(cos, 500)).toBeCloseTo(1e-3, 12); // the end of the warm-up: the peak
    expect(at(cos, 20_000)).toBeCloseTo(1e-5, 12); // the floor at the run's last step
    expect(stairs.x.length).toBeGreaterThan(400);
    expect(bundle["text/plain"]).toBe(
      "t: original schedule 5.00e-4 at step 1, 4.05e-4 at step 20,000; cosine from 0.001 2.00e-6 at step 1, 1.00e-5 at step 20,000",
    );
  });
});

describe("accuracy axes", () => {
  it("zoom to the later two thirds of the steps, where the runs differ", () => {
    const early = { x: [250, 500, 1000, 2000, 3000], y: [20, 45, 85.2, 88.4, 90.6] };
    const other = { x: [250, 500, 1000, 2000, 3000], y: [19, 40, 84.1, 89.9, 91.3] };
    expect(zoomedRange([early, other])).toEqual([83, 93]);
    expect(zoomedRange([])).toEqual([0, 100]);
  });
});

describe("series colours", () => {
  it("keeps one colour per model and per loss, in every chart, whatever the order", () => {
    const colours = MODEL_NAMES.map((m, i) => seriesColour(m, i + 3));
    expect(new Set(colours).size).toBe(MODEL_NAMES.length);
    expect(MODEL_NAMES.map((m) => seriesColour(m, 0))).toEqual(colours);
    const losses = LOSS_NAMES.map((l) => seriesColour(l, 0));
    expect(new Set([...colours, ...losses]).size).toBe(MODEL_NAMES.length + LOSS_NAMES.length);
    // other labels take the palette in order
    expect(seriesColour("p=0.3", 0)).not.toBe(seriesColour("p=0.3", 1));
  });
});
