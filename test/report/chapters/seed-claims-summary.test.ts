import { describe, expect, it } from "vitest";
import { runExperiment } from "../../../src/experiments/store.js";
import { studyConfigs } from "../../../src/experiments/study.js";
import { seedClaimsSummary } from "../../../src/report/chapters/seed-claims-summary.js";
import { useScratchStore } from "../../helpers/scratch-store.js";
import { tinyDataset } from "../../helpers/tiny-data.js";

describe("the claims across seeds for the README", () => {
  useScratchStore("fmnist-seed-summary-");

  it("says they are not tested yet, and what trains them, while the store is empty", async () => {
    expect(await seedClaimsSummary("smoke")).toBe(
      "The original's claims across seeds: not tested yet; they need the comparison runs and their seeds (`npm run study`).",
    );
  });

  it("says how they were tested, how they fell, and gives a row per claim once runs are there", async () => {
    for (const cfg of studyConfigs("architectures", "smoke").slice(0, 2))
      await runExperiment(cfg, { data: tinyDataset() });
    const [method, counts, table] = (await seedClaimsSummary("smoke")).split("\n\n");
    expect(method).toBe(
      "None of the original's 1 claim has 3 seeds on both sides yet, so none is tested across seeds.",
    );
    expect(counts).toBe("Of the original's 1 claim: 0 hold either way, 0 depend on the seed, 1 is not resolved.");
    expect(table.split("\n")).toEqual([
      "| section | the original's claim | ours: better − worse (points) | 95% interval | seeds | t-test p | Holm p | verdict |",
      "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |", // (a column of dashes only aligns as numbers)
      "| architectures | simple_model_2 93.7% over simple_model_1 92.15% | – | – | 1 | – | – | not resolved |",
    ]);
  }, 120_000);
});
