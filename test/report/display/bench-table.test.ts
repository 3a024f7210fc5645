import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { MODEL_NAMES } from "../../../src/config.js";
import { describe, expect, it } from "vitest";
import { benchFrame, benchMarkdown, benchTable, type BenchFile } from "../../../src/report/display/bench-table.js";
import { tmpDir } from "../../helpers/fixtures.js";

const bench: BenchFile = {
  date: "2026-01-02T03:04:05Z",
  cpu: "Test CPU",
  cores: 2,
  steps: 20,
  rows: [
    {
      framework: "tfjs",
      backend: "tensorflow",
      engine: "compiled",
      model: "resnet",
      version: "4.22.0",
      train_img_per_s: 165,
      eval_img_per_s: 900,
    },
    {
      framework: "tfjs",
      backend: "tensorflow",
      model: "resnet",
      version: "4.22.0",
      train_img_per_s: 120,
      eval_img_per_s: 500,
    },
    { framework: "tf.keras", model: "resnet", version: "2.21.0", train_img_per_s: 150, eval_img_per_s: 1000 },
    { framework: "tf.keras eager", model: "resnet", version: "2.21.0", train_img_per_s: 60 },
    { framework: "pytorch", model: "resnet", version: "2.13.0", train_img_per_s: 140 },
    { framework: "tfjs", backend: "wasm", model: "resnet", skipped: "projected 54 s per step" },
  ],
};

function benchPathFor(file: BenchFile): string {
  const path = join(tmpDir("fmnist-bench-"), "train.json");
  writeFileSync(path, JSON.stringify(file));
  return path;
}

describe("the benchmark table", () => {
  it("has one row per model with both our paths (a row without a path is eager), the peers and compiled against tf.keras", () => {
    const df = benchFrame(bench);
    expect(df.columns).toEqual([
      "model",
      "ours, compiled",
      "ours, eager",
      "tf.keras",
      "tf.keras eager",
      "PyTorch",
      "tfjs wasm",
      "tfjs pure JS",
      "compiled / tf.keras",
    ]);
    expect(df.shape[0]).toBe(MODEL_NAMES.length);
    const resnet = df.values[MODEL_NAMES.indexOf("resnet")] as (string | number)[];
    expect(resnet.slice(0, 6)).toEqual(["resnet", 165, 120, 150, 60, 140]);
    expect(resnet[6]).toBeNaN();
    expect(resnet[8]).toBeCloseTo(1.1);
    expect((df.values[0] as number[])[1]).toBeNaN();
  });

  it("shows speeds to the precision of the measurement: whole img/s from 100, one decimal below", () => {
    const file = {
      ...bench,
      rows: [
        { framework: "tf.keras", model: "resnet", train_img_per_s: 107.38, eval_img_per_s: 35362.38 },
        { framework: "pytorch", model: "resnet", train_img_per_s: 56.71, eval_img_per_s: 9.19 },
      ],
    };
    const row = (metric: "train" | "eval") =>
      benchFrame(file, metric).values[MODEL_NAMES.indexOf("resnet")] as (string | number)[];
    expect([row("train")[3], row("train")[5]]).toEqual([107, 56.7]);
    expect([row("eval")[3], row("eval")[5]]).toEqual([35362, 9.2]);
    // and the printed table shows them so, right-aligned: not 107.00 beside 56.70
    const printed = benchTable(benchPathFor(file), "eval");
    expect(printed["text/html"]).toContain('<td style="text-align:right">35,362</td>');
    expect(printed["text/html"]).toContain('<td style="text-align:right">9.2</td>');
    expect(printed["text/markdown"]).toMatch(/\| 35,362 \|.*\| 9\.2 \|/);
  });

  it("gives evaluation speeds from the same rows", () => {
    const resnet = benchFrame(bench, "eval").values[MODEL_NAMES.indexOf("resnet")] as (string | number)[];
    expect(resnet.slice(0, 4)).toEqual(["resnet", 900, 500, 1000]);
    expect(resnet[8]).toBeCloseTo(0.9);
    expect(benchTable(benchPathFor(bench), "eval")["text/plain"]).toContain("Evaluation (inference) images per second");
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

  it("writes the README's speed tables: training and evaluation, — where not measured, the machine named", () => {
    const md = benchMarkdown({ ...bench, cpuFeatures: "no bf16 arithmetic" });
    expect(md).toContain("on Test CPU, 2 cores, no bf16 arithmetic, in one run");
    expect(md).toContain("| resnet | 165 | 120 | 150 | 60.0 | 140 | — | — | 1.10 |");
    expect(md).toContain("| resnet | 900 | 500 | 1,000 | — | — | — | — | 0.90 |");
    expect(md.indexOf("Training images")).toBeLessThan(md.indexOf("Evaluation (inference)"));
  });
});
