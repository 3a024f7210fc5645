/** `npm run study` trains a section to the end, runs that join it on the way included (real data, smoke profile). */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runName } from "../../src/experiments/config.js";
import { findRun } from "../../src/experiments/store.js";
import { chosenSchedule, finalConfigWith, scheduleCandidates } from "../../src/experiments/study.js";
import { realDataDir, REAL_DATA_SKIP_REASON, tmpDir } from "../helpers/fixtures.js";

if (!realDataDir()) console.log(`skipping the study CLI's training test: ${REAL_DATA_SKIP_REASON}`);

describe.skipIf(!realDataDir())("npm run study", () => {
  it("trains the schedule candidates, then the final model with the schedule they chose, in one go", () => {
    const store = tmpDir("fmnist-study-cli-");
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", "src/cli/study.ts", "--profile", "smoke", "--section", "schedule"],
      { encoding: "utf8", env: { ...process.env, FMNIST_OUTPUT_DIR: store } },
    );
    expect(r.status, r.stderr).toBe(0);
    for (const cfg of scheduleCandidates("smoke")) expect(findRun(cfg, store)?.done?.complete).toBe(true);
    const chosen = chosenSchedule("smoke", {}, store)!;
    expect(chosen).not.toBeNull();
    if (chosen.kind === "cosine") {
      const final = finalConfigWith("smoke", chosen);
      expect(r.stdout).toContain(`joins the study now (schedule, decided by the runs just trained): ${runName(final)}`);
      expect(findRun(final, store)?.done?.complete).toBe(true);
    } else {
      // the original's schedule chosen: its final model is the final section's, nothing joins
      expect(r.stdout).not.toContain("joins the study now");
    }
  }, 300_000);
});
