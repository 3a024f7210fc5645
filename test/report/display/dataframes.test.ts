import { describe, expect, it } from "vitest";
import { makeConfig } from "../../../src/experiments/config.js";
import type { Run } from "../../../src/experiments/store.js";
import {
  architectureFrame,
  CLASS_COLUMNS,
  frameTable,
  RUN_COLUMNS,
  runsFrame,
} from "../../../src/report/display/dataframes.js";
import type { DevLine } from "../../../src/train/run-files.js";

function dev(step: number, accuracy: number): DevLine {
  return { kind: "dev", step, accuracy, perClass: Array.from({ length: 10 }, (_, c) => accuracy - c / 100) };
}

function run(name: string, finished: boolean, augmentProb: number): Run {
  const config = makeConfig({ model: "resnet", augmentProb, profile: "smoke" });
  const metrics = [
    { kind: "train" as const, step: 3, loss: 1.5, accuracy: 0.5, learningRate: 1e-3, imagesPerSecond: 100 },
    dev(6, 0.7),
    { kind: "train" as const, step: 6, loss: 1.0, accuracy: 0.75, learningRate: 1e-3, imagesPerSecond: 100 },
    dev(12, 0.6),
  ];
  const done = finished
    ? {
        complete: true as const,
        steps: 12,
        backend: { name: "cpu" as const, tfjsBackend: "cpu", tfjsVersion: "4.22.0", skipped: [] },
        trainSeconds: 90,
        best: dev(6, 0.7),
        last: dev(12, 0.6),
        finishedAt: "2026-01-01T00:00:00Z",
      }
    : null;
  return { name, dir: `/nowhere/${name}`, config, metrics, done, evaluation: null, continuedFrom: null, problems: [] };
}

describe("runsFrame", () => {
  it("has one row per run with the best checkpoint's numbers in percent", () => {
    const df = runsFrame([run("a", true, 0.3), run("b", false, 0)]);
    expect(df.columns).toEqual([...RUN_COLUMNS]);
    expect(df.shape).toEqual([2, RUN_COLUMNS.length]);
    const a = Object.fromEntries(df.columns.map((c, i) => [c, (df.values[0] as unknown[])[i]]));
    expect(a).toMatchObject({
      run: "a",
      model: "resnet",
      augmentProb: 0.3,
      schedule: "original schedule",
      backend: "cpu",
      "train minutes": 1.5,
      "at step": 6,
      "last train %": 75,
    });
    expect(a["best dev %"]).toBeCloseTo(70);
    expect(a["last dev %"]).toBeCloseTo(60);
    expect(a[CLASS_COLUMNS[9]]).toBeCloseTo(61);
    const b = Object.fromEntries(df.columns.map((c, i) => [c, (df.values[1] as unknown[])[i]]));
    expect(b.backend).toBe("unfinished");
    expect(b["best dev %"]).toBeNaN();
  });

  it("adds the original's figure when asked, picks columns, and sorts like any DataFrame", () => {
    const df = runsFrame([run("a", true, 0.3), run("b", true, 0)], {
      original: (r) => (r.config.augmentProb === 0 ? 94 : undefined),
      columns: ["augmentProb", "original %"],
    });
    expect(df.columns).toEqual(["augmentProb", "original %"]);
    const sorted = df.sortValues("augmentProb");
    expect(sorted.values[0]).toEqual([0, 94]);
    expect((sorted.values[1] as number[])[1]).toBeNaN();
    expect(() => runsFrame([], { columns: ["model", "accuracy"] })).toThrow(
      /unknown column\(s\) 'accuracy'; the columns are: run, model/,
    );
  });

  it("renders as a table, a missing number as a dash", () => {
    const df = runsFrame([run("b", false, 0)], { columns: ["run", "best dev %"] });
    const t = frameTable(df, "caption");
    expect(t["text/html"]).toContain("<th>best dev %</th>");
    expect(t["text/html"]).toContain("<td>b</td>");
    expect(t["text/plain"]).toMatch(/b\s+–/);
  });

  it("puts the original's per-class figures beside ours for the architectures", () => {
    const df = architectureFrame([run("a", true, 0.3)]);
    expect(df.columns).toEqual([
      "model",
      "best dev %",
      "95% interval",
      "original %",
      "at step",
      "T-shirt/top %",
      "original T-shirt/top %",
      "Trouser %",
      "original Trouser %",
      "Shirt %",
      "original Shirt %",
    ]);
    const row = df.values[0] as number[];
    expect(row[3]).toBe(95);
    expect(row[6]).toBe(91);
    expect(row[10]).toBe(83.5);
    expect(row[9]).toBeCloseTo(64);
    expect(architectureFrame([]).shape[0]).toBe(0);
  });

  it("is empty, with its columns, for no runs", () => {
    const df = runsFrame([]);
    expect(df.shape).toEqual([0, RUN_COLUMNS.length]);
    expect(frameTable(df)["text/plain"]).toContain("best dev %");
    expect(runsFrame([], { columns: ["ops", "best dev %"] }).columns).toEqual(["ops", "best dev %"]);
  });
});
