import { describe, expect, it } from "vitest";
import { runExperiment } from "../../../src/experiments/store.js";
import { studyConfigs } from "../../../src/experiments/study.js";
import { studyFindings } from "../../../src/report/chapters/findings-chapter.js";
import { longAugmentationSummary } from "../../../src/report/chapters/long-augmentation-summary.js";
import { useScratchStore } from "../../helpers/scratch-store.js";
import { tinyDataset } from "../../helpers/tiny-data.js";

describe("the long-training statements for the README", () => {
  useScratchStore("fmnist-long-summary-");

  it("says they are not checked yet, and how to train what they need, while the store has no long runs", async () => {
    expect(await longAugmentationSummary("smoke")).toBe(
      "The original's augmentation statements over long training: not checked yet; they need the long runs of p = 0 and p = 0.3 (`npm run study -- --section augmentation_long`).",
    );
  });

  it("says what the findings chapter says once p = 0 and p = 0.3 are there", async () => {
    for (const cfg of studyConfigs("augmentation_long", "smoke").filter((c) => c.augmentProb !== 0.05))
      await runExperiment(cfg, { data: tinyDataset() });
    const summary = await longAugmentationSummary("smoke");
    expect(summary).toMatch(
      /^The original's augmentation statements over long training, where it made them \(resnet, 12 steps/,
    );
    expect(summary.split("\n- ")).toHaveLength(4);
    expect((await studyFindings("smoke")).conclusions["text/plain"]).toContain(summary);
  }, 120_000);
});
