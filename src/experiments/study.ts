/**
 * The experiments of the report, per section, for a profile. The notebooks and
 * `npm run study` both take their configs from here, so they always mean the same runs.
 */
import { COSINE_SCHEDULE, STUDY_AUGMENT_OPS, type AugmentOp, type LossName, type ModelName } from "../config.js";
import {
  makeConfig,
  PROFILE_DEFAULTS,
  runName,
  type ConfigInput,
  type ExperimentConfig,
  type Profile,
} from "./config.js";
import { findRun } from "./store.js";

export const STUDY_SECTIONS = [
  "architectures",
  "losses",
  "augmentation",
  "ablation",
  "seeds",
  "final",
  "schedule",
  "augmentation_long",
  "equal_step",
] as const;
export type StudySection = (typeof STUDY_SECTIONS)[number];

/** The architectures the study compares: the original's five (a model added to MODEL_NAMES can be trained, but joins the study only here). */
export const STUDY_MODELS = [
  "simple_model_1",
  "simple_model_2",
  "inception",
  "resnet",
  "inception_resnet",
] as const satisfies readonly ModelName[];

/** The losses the study compares on resnet (section 4.2). */
export const STUDY_LOSSES = ["cross_entropy", "weighted_cross_entropy", "focal"] as const satisfies readonly LossName[];

/**
 * Run-to-run spread, measured: every config the original made a claim about (the architectures,
 * the losses on resnet, augmentation at these strengths) again with these seeds besides seed 0,
 * so that a claim is tested across three seeds (report/statistics/seed-findings.ts).
 */
export const SPREAD_SEEDS = [1, 2] as const;
export const CLAIMED_AUGMENT_PROBS = [0, 0.05, 0.3] as const;

/**
 * Beyond the profile's budget, the original's claims where it made them: augmentation over
 * LONG_STEPS (without it resnet fits its training set after 30,000–40,000 steps), and the
 * architectures with a second equal step against the original's logs, at the final budget
 * (inception's run there is the schedule section's candidate with the original's schedule). At
 * smoke and paper LONG_STEPS is the comparison budget itself: the same runs, nothing more to train.
 */
export const LONG_STEPS: Record<Profile, number> = { smoke: 12, cpu: 40_000, paper: 300_000 };
export const EQUAL_STEP_MODELS = ["simple_model_1", "simple_model_2"] as const satisfies readonly ModelName[];

/**
 * Beyond the original: the budget question. The original's schedule was tuned for 250k steps;
 * at the final model's budget of a profile it barely decays. Candidates, chosen on the dev
 * split only: `inception` at that budget with the original's schedule, and with a cosine from
 * each of these peaks to a floor at the last step.
 */
export const SCHEDULE_MODEL = "inception" as const;
export const COSINE_PEAKS = [5e-4, 1e-3] as const;

/** Augmentation strengths of section 4.3 (the original ran 0, 0.05 and 0.3; 0.5 it did not show). */
export const AUGMENT_PROBS = [0, 0.05, 0.3, 0.5] as const;

/**
 * What a notebook's parameters cell may change for all runs of a section: a different value
 * than the profile's makes new runs; the profile's own values name the stored ones.
 */
export type StudyOverrides = Partial<Pick<ExperimentConfig, "seed" | "steps">>;

/**
 * What a section compares, when a notebook's parameters cell asks for other candidates than the
 * study's: another list names other runs (the study's own lists name the stored ones).
 */
export interface StudyChoices {
  /** the architectures section's models (default STUDY_MODELS) */
  models?: readonly ModelName[];
  /** the losses section's losses on resnet (default STUDY_LOSSES) */
  losses?: readonly LossName[];
  /** the augmentation section's probabilities (default AUGMENT_PROBS) */
  augmentProbs?: readonly number[];
  /** the ablation section's transforms, one run each (default STUDY_AUGMENT_OPS) */
  ablationOps?: readonly AugmentOp[];
  /** the run store whose finished candidates decide the schedule section's final model (default: the project's) */
  outputDir?: string;
  /** the seeds section: only the claimed configs of this section (default: of all three) */
  seedsOf?: ClaimSection;
}

export function studyConfigs(
  section: StudySection,
  profile: Profile,
  params: StudyOverrides & StudyChoices = {},
): ExperimentConfig[] {
  const { models, losses, augmentProbs, ablationOps, outputDir, seedsOf, ...overrides } = params;
  const config = (input: ConfigInput) => makeConfig({ ...input, profile, ...overrides });
  switch (section) {
    case "architectures":
      return (models ?? STUDY_MODELS).map((model) => config({ model }));
    case "losses":
      return (losses ?? STUDY_LOSSES).map((loss) => config({ model: "resnet", loss }));
    case "augmentation":
      return (augmentProbs ?? AUGMENT_PROBS).map((augmentProb) => config({ model: "resnet", augmentProb }));
    case "ablation":
      // One transform at a time, at the default strength; compare with p = 0 and all five.
      return (ablationOps ?? STUDY_AUGMENT_OPS).map((op: AugmentOp) => config({ model: "resnet", augmentOps: [op] }));
    case "seeds":
      return SPREAD_SEEDS.flatMap((seed) =>
        claimedConfigs(profile, overrides, seedsOf).map((cfg) => makeConfig({ ...cfg, seed })),
      );
    case "augmentation_long":
      return CLAIMED_AUGMENT_PROBS.map((augmentProb) =>
        config({ model: "resnet", augmentProb, steps: overrides.steps ?? LONG_STEPS[profile] }),
      );
    case "equal_step":
      return EQUAL_STEP_MODELS.map((model) =>
        config({ model, steps: overrides.steps ?? PROFILE_DEFAULTS[profile].finalSteps }),
      );
    case "final":
      return [finalConfig(profile, overrides)];
    case "schedule": {
      // the final model with the chosen schedule joins once the candidates have all finished
      const chosen = chosenSchedule(profile, overrides, outputDir);
      return [
        ...scheduleCandidates(profile, overrides),
        ...(chosen && chosen.kind === "cosine" ? [finalConfigWith(profile, chosen, overrides)] : []),
      ];
    }
  }
}

/** The sections whose runs the original made claims about. */
export const CLAIM_SECTIONS = ["architectures", "losses", "augmentation"] as const satisfies readonly StudySection[];
export type ClaimSection = (typeof CLAIM_SECTIONS)[number];

/** What a claims section compares in its claims: augmentation at the strengths the original claimed about. */
export function claimChoices(section: ClaimSection): StudyChoices {
  return section === "augmentation" ? { augmentProbs: CLAIMED_AUGMENT_PROBS } : {};
}

/**
 * Every config (at seed 0) whose runs enter one of the original's claims, each once (in the
 * first section that has it); only `section`'s when given.
 */
export function claimedConfigs(
  profile: Profile,
  overrides: StudyOverrides = {},
  section?: ClaimSection,
): ExperimentConfig[] {
  const seen = new Set<string>();
  return CLAIM_SECTIONS.flatMap((s) =>
    studyConfigs(s, profile, { ...overrides, ...claimChoices(s) })
      .filter((c) => !seen.has(runName(c)) && seen.add(runName(c)))
      .filter(() => section === undefined || s === section),
  );
}

/** The final model: resnet with focal loss, trained on 59,990 images (the original held out 10). */
export function finalConfig(profile: Profile, overrides: StudyOverrides = {}): ExperimentConfig {
  return makeConfig({ model: "resnet", loss: "focal", split: "final", profile, ...overrides });
}

/** The schedule candidates: the original's and each cosine peak, on SCHEDULE_MODEL at the profile's final budget. */
export function scheduleCandidates(profile: Profile, overrides: StudyOverrides = {}): ExperimentConfig[] {
  const steps = overrides.steps ?? PROFILE_DEFAULTS[profile].finalSteps;
  const base = { model: SCHEDULE_MODEL, profile, ...overrides, steps } as const;
  // the warm-up: COSINE_SCHEDULE's, or a tenth of a run too short for it (smoke)
  const warmupSteps = Math.min(COSINE_SCHEDULE.warmupSteps, Math.floor(steps / 10));
  return [
    makeConfig(base),
    ...COSINE_PEAKS.map((peak) =>
      makeConfig({
        ...base,
        schedule: {
          kind: "cosine",
          initialLearningRate: peak,
          warmupSteps,
          finalLearningRate: COSINE_SCHEDULE.finalLearningRate,
        },
      }),
    ),
  ];
}

/**
 * The study's final model: the one its own protocol chose, i.e. the final config with the
 * schedule the dev split chose among the candidates once they have all finished (the original's
 * schedule until then, or when it wins).
 */
export function studyFinalConfig(
  profile: Profile,
  overrides: StudyOverrides = {},
  outputDir?: string,
): ExperimentConfig {
  return finalConfigWith(
    profile,
    chosenSchedule(profile, overrides, outputDir) ?? finalConfig(profile).schedule,
    overrides,
  );
}

/** The final model with another schedule (the one the dev split chose), else the study's final config. */
export function finalConfigWith(
  profile: Profile,
  schedule: ExperimentConfig["schedule"],
  overrides: StudyOverrides = {},
): ExperimentConfig {
  const base = finalConfig(profile, overrides);
  if (schedule.kind !== "cosine") return base;
  const { kind, initialLearningRate, warmupSteps, finalLearningRate } = schedule;
  return makeConfig({
    model: "resnet",
    loss: "focal",
    split: "final",
    profile,
    ...overrides,
    schedule: { kind, initialLearningRate, warmupSteps, finalLearningRate },
  });
}

/**
 * The schedule the dev split chose: the candidate with the best dev accuracy, once every
 * candidate has finished (null before). The test set plays no part in it.
 */
export function chosenSchedule(
  profile: Profile,
  overrides: StudyOverrides = {},
  outputDir?: string,
): ExperimentConfig["schedule"] | null {
  const runs = scheduleCandidates(profile, overrides).map((cfg) => {
    try {
      return findRun(cfg, outputDir);
    } catch {
      return null; // a damaged candidate: not decided
    }
  });
  if (runs.some((r) => !r?.done?.best)) return null;
  const best = runs.reduce((a, b) => (b!.done!.best!.accuracy > a!.done!.best!.accuracy ? b : a))!;
  return best.config.schedule;
}
