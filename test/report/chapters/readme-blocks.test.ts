import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { README_BLOCKS, readmeBlock, readmeBlocks, refreshReadme } from "../../../src/report/chapters/readme-blocks.js";
import { projectPath } from "../../../src/util/paths.js";
import { REAL_DATA_SKIP_REASON, realDataDir } from "../../helpers/fixtures.js";

const readme = readFileSync(projectPath("README.md"), "utf8");

/** Runs or benchmark figures in the checkout that differ from the commit (a run training here): the README follows the commit. */
function storeChanged(): string {
  try {
    return execFileSync("git", ["status", "--porcelain", "--", "output_dir/runs", "output_dir/bench"], {
      cwd: projectPath("."),
      encoding: "utf8",
    }).trim();
  } catch {
    return "not a git checkout";
  }
}

describe("the README's generated blocks", () => {
  it("are all in the README, each between its markers", () => {
    for (const name of Object.keys(README_BLOCKS) as (keyof typeof README_BLOCKS)[])
      expect(readmeBlock(readme, name)?.trim(), name).toBeTruthy();
    expect(readmeBlock("no markers here", "finals")).toBeNull();
  });

  const changed = storeChanged();
  const skip = !realDataDir()
    ? REAL_DATA_SKIP_REASON
    : changed
      ? `the run store differs from the commit (${changed.split("\n")[0]} …)`
      : "";
  if (skip) console.log(`skipping the README's generated blocks against the store: ${skip}`);

  it.skipIf(skip !== "")(
    "hold what the committed run store gives (scripts/readme-results.ts was run after the last run landed)",
    async () => {
      const blocks = await readmeBlocks();
      for (const name of Object.keys(README_BLOCKS) as (keyof typeof README_BLOCKS)[])
        expect(
          readmeBlock(readme, name),
          `README.md's ${name} block: run node --import tsx scripts/readme-results.ts`,
        ).toBe(`${blocks[name]}\n`);
      expect(await refreshReadme(readme)).toBe(readme);
    },
    120_000,
  );
});
