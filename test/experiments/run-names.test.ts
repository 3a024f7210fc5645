/**
 * Today's run names, pinned: a run's name is the hash of its config, so a change that renames a
 * stored run (a new default, a reordered list, a new field) fails here before it orphans the
 * run store. Update run-names.json deliberately, only when the arithmetic changes
 * (ARITHMETIC_REVISION) and the runs are retrained.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROFILES, runName } from "../../src/experiments/config.js";
import { scheduleCandidates, STUDY_SECTIONS, studyConfigs } from "../../src/experiments/study.js";

const pinned = JSON.parse(readFileSync(new URL("./run-names.json", import.meta.url), "utf8")) as Record<
  string,
  Record<string, string[]>
>;

describe("study run names", () => {
  it.each(PROFILES)("are the pinned ones at profile %s", (profile) => {
    for (const section of STUDY_SECTIONS) {
      // the schedule section's last run joins once its candidates are done: pin the candidates
      const configs = section === "schedule" ? scheduleCandidates(profile) : studyConfigs(section, profile);
      expect(configs.map(runName), `${profile}/${section}`).toEqual(pinned[profile][section]);
    }
  });
});
