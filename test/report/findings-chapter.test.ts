import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExperiment } from "../../src/experiments/store.js";
import { studyConfigs } from "../../src/experiments/study.js";
import { studyFindings } from "../../src/report/findings-chapter.js";
import { tmpDir } from "../helpers/fixtures.js";
import { tinyDataset } from "../helpers/tiny-data.js";

describe("the findings chapter", () => {
  const store = tmpDir("fmnist-findings-");
  const before = process.env.FMNIST_OUTPUT_DIR;
  beforeAll(async () => {
    process.env.FMNIST_OUTPUT_DIR = store;
    // two architectures at the smoke budget, on tiny data
    for (const cfg of studyConfigs("architectures", "smoke").slice(0, 2))
      await runExperiment(cfg, { data: tinyDataset() });
  }, 120_000);
  afterAll(() => {
    if (before === undefined) delete process.env.FMNIST_OUTPUT_DIR;
    else process.env.FMNIST_OUTPUT_DIR = before;
  });

  it("tabulates every finished experiment with its interval and the original's figures, and states what is decided", async () => {
    const f = await studyFindings("smoke");
    const text = f.table["text/plain"];
    expect(text).toMatch(/architectures\s+simple_model_1\s+\d+\.\d\d\s+\d+\.\d–\d+\.\d%\s+\d+\.\d\d\s+–\s+92\.15/);
    expect(text).toMatch(/architectures\s+simple_model_2\s/);
    expect(text.split("\n")).toHaveLength(2 + 2);
    // 200 dev images resolve little: the claim may go either way, but it is always accounted for
    expect(f.conclusions["text/plain"]).toMatch(
      /Conclusions that hold at this budget|No claim of the original is decided either way/,
    );
  });
});
