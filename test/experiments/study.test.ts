import { describe, expect, it } from "vitest";
import { epochsOf, PROFILE_DEFAULTS, runName, trainingImages } from "../../src/experiments/config.js";
import { finalConfig, STUDY_SECTIONS, studyConfigs } from "../../src/experiments/study.js";

describe("studyConfigs", () => {
  it("gives every section distinct runs at the profile's budget", () => {
    const names = STUDY_SECTIONS.flatMap((s) => studyConfigs(s, "cpu").map(runName));
    expect(names).toHaveLength(5 + 3 + 4 + 5 + 1);
    // resnet with cross-entropy at p = 0.3 is one run shared by three sections
    expect(new Set(names).size).toBe(names.length - 2);
    for (const cfg of studyConfigs("losses", "cpu")) expect(cfg.steps).toBe(PROFILE_DEFAULTS.cpu.steps);
    expect(finalConfig("cpu").steps).toBe(PROFILE_DEFAULTS.cpu.finalSteps);
  });

  it("states each budget in images and epochs: 56k outside the dev split, all 60k for the final model, the limit for smoke", () => {
    expect(trainingImages(studyConfigs("losses", "cpu")[0])).toBe(56_000);
    expect(epochsOf(studyConfigs("losses", "cpu")[0])).toBeCloseTo((3_000 * 64) / 56_000);
    expect(trainingImages(finalConfig("cpu"))).toBe(60_000);
    expect(trainingImages(finalConfig("smoke"))).toBe(1024);
    expect(epochsOf(finalConfig("smoke"))).toBe(0.75);
  });

  it("names the stored runs when overrides restate the profile, new runs when they differ", () => {
    const stored = studyConfigs("losses", "smoke").map(runName);
    expect(studyConfigs("losses", "smoke", { seed: 0, steps: PROFILE_DEFAULTS.smoke.steps }).map(runName)).toEqual(stored);
    const reseeded = studyConfigs("losses", "smoke", { seed: 1 });
    expect(reseeded.every((c) => c.seed === 1)).toBe(true);
    expect(reseeded.map(runName).filter((n) => stored.includes(n))).toEqual([]);
    expect(finalConfig("smoke", { steps: 30 }).steps).toBe(30);
    expect(() => studyConfigs("ablation", "smoke", { steps: 0 })).toThrow(/steps must be a positive integer/);
  });
});
