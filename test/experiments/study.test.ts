import { describe, expect, it } from "vitest";
import {
  ARITHMETIC_REVISION,
  checkProfile,
  epochsOf,
  makeConfig,
  PROFILE_DEFAULTS,
  profileSteps,
  runName,
  trainingImages,
} from "../../src/experiments/config.js";
import {
  chosenSchedule,
  finalConfig,
  finalConfigWith,
  scheduleCandidates,
  studyFinalConfig,
  STUDY_SECTIONS,
  studyConfigs,
} from "../../src/experiments/study.js";
import { tmpDir } from "../helpers/fixtures.js";
import { originalDecaySteps, originalDevAccuracy, originalSteps } from "../../src/config.js";
import { rankingClaims } from "../../src/report/statistics/findings.js";

describe("studyConfigs", () => {
  it("gives every section distinct runs at the profile's budget", () => {
    const empty = tmpDir(); // a store with no finished schedule candidates: no chosen-schedule final yet
    const names = STUDY_SECTIONS.flatMap((s) => studyConfigs(s, "cpu", { outputDir: empty }).map(runName));
    expect(names).toHaveLength(5 + 3 + 4 + 5 + 2 * 9 + 1 + 3 + 5);
    // resnet with cross-entropy at p = 0.3 is one run shared by three sections
    expect(new Set(names).size).toBe(names.length - 2);
    for (const cfg of studyConfigs("losses", "cpu")) expect(cfg.steps).toBe(PROFILE_DEFAULTS.cpu.steps);
    expect(finalConfig("cpu").steps).toBe(PROFILE_DEFAULTS.cpu.finalSteps);
  });

  it("seeds: every config the original made a claim about, again with two more seeds", () => {
    const seeds = studyConfigs("seeds", "cpu");
    const describe = (c: (typeof seeds)[number]) => `${c.model}/${c.loss}/p=${c.augmentProb}/${c.seed}`;
    const claimed = [
      "simple_model_1/cross_entropy/p=0.3",
      "simple_model_2/cross_entropy/p=0.3",
      "inception/cross_entropy/p=0.3",
      "resnet/cross_entropy/p=0.3",
      "inception_resnet/cross_entropy/p=0.3",
      "resnet/weighted_cross_entropy/p=0.3",
      "resnet/focal/p=0.3",
      "resnet/cross_entropy/p=0",
      "resnet/cross_entropy/p=0.05",
    ];
    expect(seeds.map(describe)).toEqual([...claimed.map((c) => `${c}/1`), ...claimed.map((c) => `${c}/2`)]);
    // each is its seed-0 run's config but the seed
    const seed0 = studyConfigs("architectures", "cpu").filter((c) => c.model === "resnet")[0];
    expect({ ...seeds[3], seed: 0 }).toEqual(seed0);
    const p0 = studyConfigs("augmentation", "cpu").find((c) => c.augmentProb === 0)!;
    expect({ ...seeds[7], seed: 0 }).toEqual(p0);
    // each chapter trains its own share: the baseline resnet belongs to the architectures
    const share = (section: "architectures" | "losses" | "augmentation") =>
      studyConfigs("seeds", "cpu", { seedsOf: section }).map(describe);
    expect(share("losses")).toEqual([
      "resnet/weighted_cross_entropy/p=0.3/1",
      "resnet/focal/p=0.3/1",
      "resnet/weighted_cross_entropy/p=0.3/2",
      "resnet/focal/p=0.3/2",
    ]);
    expect(share("augmentation")).toEqual([
      "resnet/cross_entropy/p=0/1",
      "resnet/cross_entropy/p=0.05/1",
      "resnet/cross_entropy/p=0/2",
      "resnet/cross_entropy/p=0.05/2",
    ]);
    expect(share("architectures")).toHaveLength(10);
  });

  it("augmentation_long and equal_step: augmentation to 40,000 steps, and simple_model_1 and _2 at the final budget (inception's is a schedule candidate)", () => {
    const long = [...studyConfigs("augmentation_long", "cpu"), ...studyConfigs("equal_step", "cpu")];
    expect(long.map((c) => [c.model, c.augmentProb, c.steps, c.seed, c.split])).toEqual([
      ["resnet", 0, 40_000, 0, "dev"],
      ["resnet", 0.05, 40_000, 0, "dev"],
      ["resnet", 0.3, 40_000, 0, "dev"],
      ["simple_model_1", 0.3, 20_000, 0, "dev"],
      ["simple_model_2", 0.3, 20_000, 0, "dev"],
    ]);
    // the same configs as the 3,000-step runs but the steps: --continue-from can carry those on
    const short = studyConfigs("augmentation", "cpu").find((c) => c.augmentProb === 0)!;
    expect({ ...long[0], steps: short.steps }).toEqual(short);
    expect(scheduleCandidates("cpu")[0].steps).toBe(long[3].steps);
  });

  it("the study's final model: the original's schedule until the dev split has chosen, then the chosen one", () => {
    expect(studyFinalConfig("cpu", {}, tmpDir())).toEqual(finalConfig("cpu"));
    // the project's store holds the three finished candidates: the dev split chose the cosine from 1e-3
    const chosen = studyFinalConfig("cpu");
    expect([chosen.model, chosen.loss, chosen.split, chosen.steps]).toEqual(["resnet", "focal", "final", 20_000]);
    expect(chosen.schedule).toEqual(finalConfigWith("cpu", chosenSchedule("cpu")!).schedule);
  });

  it("schedule: inception at the final budget with the original's schedule and two cosines; the final model with the dev split's choice once they are done", () => {
    const c = studyConfigs("schedule", "cpu", { outputDir: tmpDir() });
    expect(c.map((x) => [x.model, x.steps, x.schedule.kind, x.schedule.initialLearningRate])).toEqual([
      ["inception", 20_000, "staircase", 5e-4],
      ["inception", 20_000, "cosine", 5e-4],
      ["inception", 20_000, "cosine", 1e-3],
    ]);
    expect(c[1].schedule).toMatchObject({ warmupSteps: 500, horizonSteps: 20_000, finalLearningRate: 1e-5 });
    expect(chosenSchedule("cpu", {}, tmpDir())).toBeNull();
    const final = finalConfigWith("cpu", c[2].schedule);
    expect([final.model, final.loss, final.split, final.steps, final.schedule.kind]).toEqual([
      "resnet",
      "focal",
      "final",
      20_000,
      "cosine",
    ]);
    expect(finalConfigWith("cpu", c[0].schedule)).toEqual(finalConfig("cpu"));
  });

  it("a model the original did not have gets the original schedule's decay, its final budget, and no figure to compare", () => {
    const sixth = "vgg_like" as never;
    expect([originalDecaySteps(sixth), originalSteps(sixth), originalDevAccuracy(sixth)]).toEqual([
      10_000,
      250_000,
      null,
    ]);
    expect(rankingClaims({ resnet: 95, vgg_like: undefined })).toEqual([]);
  });

  it("checkProfile names the valid profiles for a typo", () => {
    expect(checkProfile("smoke")).toBe("smoke");
    expect(() => checkProfile("smok")).toThrow(/unknown profile 'smok'; expected one of smoke, cpu, paper/);
  });

  it("paper profile: the original's budgets per model, and its decay interval per model", () => {
    const steps = Object.fromEntries(studyConfigs("architectures", "paper").map((c) => [c.model, c.steps]));
    expect(steps).toEqual({
      simple_model_1: 200_000,
      simple_model_2: 200_000,
      inception: 200_000,
      resnet: 300_000,
      inception_resnet: 300_000,
    });
    for (const section of ["losses", "augmentation", "ablation"] as const)
      for (const c of studyConfigs(section, "paper")) expect(c.steps).toBe(300_000);
    expect(finalConfig("paper").steps).toBe(250_000);
    expect(profileSteps("paper", "inception")).toBe(200_000);
    const decay = Object.fromEntries(
      studyConfigs("architectures", "cpu").map((c) => [
        c.model,
        c.schedule.kind === "staircase" && c.schedule.decaySteps,
      ]),
    );
    expect(decay).toEqual({
      simple_model_1: 5_000,
      simple_model_2: 10_000,
      inception: 10_000,
      resnet: 10_000,
      inception_resnet: 10_000,
    });
  });

  it("puts the arithmetic revision into every config, and refuses another revision by name", () => {
    const cfg = studyConfigs("losses", "cpu")[0];
    expect(cfg.revision).toBe(ARITHMETIC_REVISION);
    expect(runName(cfg)).not.toBe(runName({ ...cfg, revision: ARITHMETIC_REVISION - 1 }));
    expect(() => makeConfig({ model: "resnet", revision: 1 })).toThrow(
      /revision 1 is not this code's arithmetic \(revision 2\)/,
    );
  });

  it("states each budget in images and epochs: 56k outside the dev split, the original's 59,990 for the final model, the limit for smoke", () => {
    expect(trainingImages(studyConfigs("losses", "cpu")[0])).toBe(56_000);
    expect(epochsOf(studyConfigs("losses", "cpu")[0])).toBeCloseTo((3_000 * 64) / 56_000);
    expect(trainingImages(finalConfig("cpu"))).toBe(59_990);
    expect(trainingImages(finalConfig("smoke"))).toBe(1024);
    expect(epochsOf(finalConfig("smoke"))).toBe(0.75);
  });

  it("names the stored runs when overrides restate the profile, new runs when they differ", () => {
    const stored = studyConfigs("losses", "smoke").map(runName);
    expect(studyConfigs("losses", "smoke", { seed: 0, steps: profileSteps("smoke", "resnet") }).map(runName)).toEqual(
      stored,
    );
    const reseeded = studyConfigs("losses", "smoke", { seed: 1 });
    expect(reseeded.every((c) => c.seed === 1)).toBe(true);
    expect(reseeded.map(runName).filter((n) => stored.includes(n))).toEqual([]);
    expect(finalConfig("smoke", { steps: 30 }).steps).toBe(30);
    expect(() => studyConfigs("ablation", "smoke", { steps: 0 })).toThrow(/steps must be a positive integer/);
  });
});
