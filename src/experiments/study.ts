/**
 * The experiments of the report, per section, for a profile. The notebooks and
 * `npm run study` both take their configs from here, so they always mean the same runs.
 */
import { MODEL_NAMES, STUDY_AUGMENT_OPS, type AugmentOp } from "../config.js";
import { makeConfig, type ConfigInput, type ExperimentConfig, type Profile } from "./config.js";

export const STUDY_SECTIONS = ["architectures", "losses", "augmentation", "ablation", "seeds", "final"] as const;
export type StudySection = (typeof STUDY_SECTIONS)[number];

/**
 * Run-to-run spread, measured: the reference configs (resnet with cross-entropy, and
 * simple_model_1) with these seeds besides seed 0, whose runs are the architectures section's.
 */
export const SPREAD_SEEDS = [1, 2] as const;
export const SPREAD_MODELS = ["simple_model_1", "resnet"] as const;

/** Augmentation strengths of section 4.3 (the original ran 0, 0.05 and 0.3; 0.5 it did not show). */
export const AUGMENT_PROBS = [0, 0.05, 0.3, 0.5] as const;

/**
 * What a notebook's parameters cell may change for all runs of a section: a different value
 * than the profile's makes new runs; the profile's own values name the stored ones.
 */
export type StudyOverrides = Partial<Pick<ExperimentConfig, "seed" | "steps">>;

export function studyConfigs(section: StudySection, profile: Profile, overrides: StudyOverrides = {}): ExperimentConfig[] {
  const config = (input: ConfigInput) => makeConfig({ ...input, profile, ...overrides });
  switch (section) {
    case "architectures":
      return MODEL_NAMES.map((model) => config({ model }));
    case "losses":
      return (["cross_entropy", "weighted_cross_entropy", "focal"] as const).map((loss) => config({ model: "resnet", loss }));
    case "augmentation":
      return AUGMENT_PROBS.map((augmentProb) => config({ model: "resnet", augmentProb }));
    case "ablation":
      // One transform at a time, at the default strength; compare with p = 0 and all five.
      return STUDY_AUGMENT_OPS.map((op: AugmentOp) => config({ model: "resnet", augmentOps: [op] }));
    case "seeds":
      return SPREAD_MODELS.flatMap((model) => SPREAD_SEEDS.map((seed) => makeConfig({ model, profile, ...overrides, seed })));
    case "final":
      return [finalConfig(profile, overrides)];
  }
}

/** The final model: resnet with focal loss, trained on 59,990 images (the original held out 10). */
export function finalConfig(profile: Profile, overrides: StudyOverrides = {}): ExperimentConfig {
  return makeConfig({ model: "resnet", loss: "focal", split: "final", profile, ...overrides });
}
