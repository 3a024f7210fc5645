import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeConfig } from "../../../src/experiments/config.js";
import type { Run } from "../../../src/experiments/store.js";
import {
  loadOriginalCurves,
  originalDevAt,
  sameStepChart,
  sameStepRows,
  type OriginalCurves,
  sameStepTable,
} from "../../../src/report/statistics/original-curves.js";
import { tmpDir } from "../../helpers/fixtures.js";

const backend = { name: "tensorflow" as const, tfjsBackend: "tensorflow", tfjsVersion: "4.22.0", skipped: [] };

function run(model: "simple_model_1" | "resnet", devAt3000: number): Run {
  const config = makeConfig({ model, profile: "cpu" });
  const dev = { kind: "dev" as const, step: 3000, accuracy: devAt3000, perClass: new Array(10).fill(devAt3000) };
  const done = {
    complete: true as const,
    steps: 3000,
    backend,
    trainSeconds: 60,
    best: dev,
    last: dev,
    finishedAt: "x",
  };
  return {
    name: `${model}-x`,
    dir: `/nowhere/${model}`,
    config,
    metrics: [dev],
    done,
    evaluation: null,
    continuedFrom: null,
    problems: [],
  };
}

describe("the original's curves", () => {
  const curves = loadOriginalCurves();

  it("hold its TensorBoard logs with their source: dev accuracy every 500 steps to 200k for three models", () => {
    expect(curves.source).toMatchObject({
      repository: "markoboci/fashion_mnist_classifier",
      commit: "1365574fbad5df007d7941d1e4cdb8c751147f65",
    });
    expect(Object.keys(curves.runs).sort()).toEqual(["inception", "simple_model_1", "simple_model_2"]);
    // shared DESIGN.md: at step 3,000 simple_model_1 85.6%, inception 89.05%; at 200k 92.28% and 94.65%
    expect(originalDevAt(curves, "simple_model_1", 3000)).toBe(0.856);
    expect(originalDevAt(curves, "inception", 3000)).toBe(0.8905);
    expect(originalDevAt(curves, "simple_model_1", 200_000)).toBe(0.9228);
    expect(originalDevAt(curves, "inception", 200_000)).toBe(0.9465);
    expect(originalDevAt(curves, "resnet", 3000)).toBeNull();
    expect(curves.runs.inception!.dev).toHaveLength(400);
  });

  it("compare at the same step, and say where the original has no logs", () => {
    const rows = sameStepRows([run("simple_model_1", 0.87), run("resnet", 0.9)], curves);
    expect(rows.map((r) => [r.model, r.step, r.ours, r.original])).toEqual([
      ["simple_model_1", 3000, 0.87, 0.856],
      ["resnet", 3000, 0.9, null],
    ]);
    const text = sameStepTable([run("simple_model_1", 0.87), run("resnet", 0.9)], curves)["text/plain"];
    expect(text).toMatch(/simple_model_1\s+3,000\s+87\.00\s+85\.60\s+92\.28 at 200,000\s+92\.15/);
    expect(text).toMatch(/resnet\s+3,000\s+90\.00\s+–\s+no logs\s+95\.00/);
  });

  it("refuse a missing or damaged file, naming it", () => {
    const dir = tmpDir();
    expect(() => loadOriginalCurves(join(dir, "none.json"))).toThrow(/none\.json is missing/);
    writeFileSync(join(dir, "bad.json"), "{");
    expect(() => loadOriginalCurves(join(dir, "bad.json"))).toThrow(/bad\.json is not valid JSON/);
    writeFileSync(join(dir, "other.json"), JSON.stringify({ runs: {} }));
    expect(() => loadOriginalCurves(join(dir, "other.json"))).toThrow(
      /other\.json does not hold the original's curves/,
    );
    const curve = (accuracy: number, step = 500) => ({
      source: { commit: "x" },
      runs: { simple_model_1: { dev: [{ step, accuracy }] } },
    });
    writeFileSync(join(dir, "fine.json"), JSON.stringify(curve(0.9)));
    expect(loadOriginalCurves(join(dir, "fine.json")).runs.simple_model_1!.dev[0].accuracy).toBe(0.9);
    for (const [accuracy, step] of [
      [1e9, 500],
      [-0.1, 500],
      [0.9, -500],
    ]) {
      writeFileSync(join(dir, "range.json"), JSON.stringify(curve(accuracy, step)));
      expect(() => loadOriginalCurves(join(dir, "range.json"))).toThrow(/accuracy in \[0, 1\]/);
    }
  });

  it("zooms the same-step chart to where the curves are, and names on its axis how many early points it hides", () => {
    const point = (step: number, accuracy: number) => ({ step, accuracy, perClass: [] });
    const ours = run("simple_model_1", 0.86);
    ours.metrics = [0.55, 0.8, 0.84, 0.86].map((a, i) => ({ ...point(500 * (i + 1), a), kind: "dev" as const }));
    const theirs = (dev: ReturnType<typeof point>[]): OriginalCurves => ({
      ...curves,
      runs: { simple_model_1: { originalRun: "x", dev, train: [] } },
    });
    const axis = (c: OriginalCurves) =>
      (
        sameStepChart([ours], c, "t")["application/vnd.plotly.v1+json"] as {
          layout: { yaxis: { title: { text: string }; range: number[] } };
        }
      ).layout.yaxis;
    // ours at 55% and the original's at 60%, far below the rest (from 79%): both hidden, and said so
    expect(axis(theirs([point(500, 0.6), point(1000, 0.82), point(1500, 0.85), point(2000, 0.87)]))).toMatchObject({
      title: { text: "dev accuracy (%), zoomed<br>2 early points below 79% hidden" },
      range: [79, 100],
    });
    // every point at or above 70%: none hidden
    ours.metrics = ours.metrics.slice(1);
    expect(axis(theirs([point(1000, 0.82), point(1500, 0.85)]))).toMatchObject({
      title: { text: "dev accuracy (%)" },
      range: [79, 100],
    });
  });
});
