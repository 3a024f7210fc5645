import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { MODEL_NAMES } from "../../src/config.js";
import { describe, expect, it } from "vitest";
import { benchFrame, benchTable, type BenchFile } from "../../src/report/bench-table.js";
import { tmpDir } from "../helpers/fixtures.js";

const bench: BenchFile = {
  date: "2026-01-02T03:04:05Z",
  cpu: "Test CPU",
  cores: 2,
  steps: 20,
  rows: [
    { framework: "tfjs", backend: "tensorflow", model: "resnet", version: "4.22.0", train_img_per_s: 120 },
    { framework: "tf.keras", model: "resnet", version: "2.21.0", train_img_per_s: 150 },
    { framework: "tf.keras eager", model: "resnet", version: "2.21.0", train_img_per_s: 60 },
    { framework: "pytorch", model: "resnet", version: "2.13.0", train_img_per_s: 140 },
    { framework: "tfjs", backend: "wasm", model: "resnet", skipped: "projected 54 s per step" },
  ],
};

describe("the benchmark table", () => {
  it("has one row per model with ours, the peers and the ratio", () => {
    const df = benchFrame(bench);
    expect(df.columns).toEqual([
      "model",
      "tfjs-node (ours)",
      "tf.keras",
      "tf.keras eager",
      "PyTorch",
      "tfjs wasm",
      "tfjs pure JS",
      "ours / tf.keras",
    ]);
    expect(df.shape[0]).toBe(MODEL_NAMES.length);
    const resnet = df.values[MODEL_NAMES.indexOf("resnet")] as (string | number)[];
    expect(resnet.slice(0, 5)).toEqual(["resnet", 120, 150, 60, 140]);
    expect(resnet[5]).toBeNaN();
    expect(resnet[7]).toBeCloseTo(0.8);
    expect((df.values[0] as number[])[1]).toBeNaN();
  });

  it("names its source, machine and what was not measured; a missing file is a note", () => {
    const dir = tmpDir("fmnist-bench-");
    const path = join(dir, "train.json");
    writeFileSync(path, JSON.stringify(bench));
    const t = benchTable(path);
    expect(t["text/plain"]).toContain(`From ${path}`); // outside the project: the absolute path
    expect(t["text/plain"]).toContain("Test CPU, 2 cores; 2026-01-02");
    expect(t["text/plain"]).toContain("Not measured: resnet on wasm: projected 54 s per step.");
    expect(benchTable(join(dir, "none.json"))["text/plain"]).toContain("npm run bench");
  });
});
