/**
 * The original's augmentation statements over long training, as the findings chapter states them
 * from the run store. The README carries them (scripts/readme-results.ts).
 */
import type { Profile } from "../../experiments/config.js";
import { markdownNotes } from "../display/tables.js";
import { scoreRuns } from "../statistics/findings.js";
import { longAugmentationBlocks } from "./findings-chapter.js";
import { labelBy, runSection } from "./study-report.js";

export async function longAugmentationSummary(profile: Profile): Promise<string> {
  const { runs } = await runSection("augmentation_long", profile, {}, { quiet: true, train: false });
  const scored = await scoreRuns(
    runs.filter((r) => r.config.split === "dev"),
    labelBy.augmentProb,
  );
  const blocks = longAugmentationBlocks(scored) ?? [
    "The original's augmentation statements over long training: not checked yet; they need the long runs of p = 0 and p = 0.3 (`npm run study -- --section augmentation_long`).",
  ];
  return markdownNotes(blocks)["text/plain"];
}
