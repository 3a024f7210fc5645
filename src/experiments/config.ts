/**
 * An experiment is a plain JSON config. Profiles give its budget; any field can be
 * overridden. The config's canonical hash names its run directory.
 */
import { createHash } from "node:crypto";
import {
  ORIGINAL_SCHEDULE,
  scheduleLabel,
  validateSchedule,
  type CosineSchedule,
  type ScheduleConfig,
} from "../train/schedule.js";
import { heldOutPerClass, type TrainSpec } from "../train/spec.js";
import {
  AUGMENT,
  STUDY_AUGMENT_OPS,
  BATCH_SIZE,
  DATASET,
  NUM_CLASSES,
  MODEL_NAMES,
  ORIGINAL_FINAL_STEPS,
  ORIGINAL_LOG_EVERY,
  originalDecaySteps,
  originalSteps,
  SPLIT,
  type ModelName,
} from "../config.js";
import { validateAugmentConfig } from "../augment/pipeline.js";
import { assertLossName } from "../train/losses.js";
import { assertModelName } from "../models/architectures.js";

export const PROFILES = ["smoke", "cpu", "paper"] as const;
export type Profile = (typeof PROFILES)[number];

/** A profile name checked: a typo (in a parameters cell or FMNIST_PROFILE) names the valid ones. */
export function checkProfile(name: string): Profile {
  if (!(PROFILES as readonly string[]).includes(name))
    throw new Error(`unknown profile '${name}'; expected one of ${PROFILES.join(", ")}`);
  return name as Profile;
}

/**
 * The revision of the study's arithmetic: the models' layers and initial weights, the split, the
 * augmentation's geometry. It is part of every config, so a run trained by older code is never
 * found for a config of today's. 1: before the fidelity audit (textbook ResNet-v1 blocks, He
 * initialisation, our own dev split); 2: the original's, line by line (shared DESIGN.md).
 * test/experiments/revision.test.ts pins what each revision computes: change the arithmetic
 * and that test fails until this number is raised.
 */
export const ARITHMETIC_REVISION = 2;

/** A TrainSpec (what the trainer needs), with the arithmetic revision that names it and the profile that set its budget. */
export interface ExperimentConfig extends TrainSpec {
  /** See ARITHMETIC_REVISION. */
  revision: number;
  profile: Profile;
}

/**
 * The budgets of each profile: `smoke` runs in seconds (CI, notebook tests); `cpu` is what the
 * 2-core reference machine finishes in hours on the native backend (resnet: about half an hour
 * for 3,000 steps, three hours for 20,000; measured speeds in output_dir/bench/train.json); `paper` is
 * the original study's budget, per model (200k or 300k steps; 250k for the final model). `steps`
 * is the comparison runs' budget, `finalSteps` the final model's.
 */
export const PROFILE_DEFAULTS: Record<
  Profile,
  Pick<ExperimentConfig, "evalEvery" | "logEvery" | "trainLimit" | "devPerClass"> & {
    steps: number | Record<ModelName, number>;
    finalSteps: number;
  }
> = {
  smoke: { steps: 12, finalSteps: 12, evalEvery: 6, logEvery: 4, trainLimit: 1024, devPerClass: 20 },
  cpu: {
    steps: 3_000,
    finalSteps: 20_000,
    evalEvery: 250,
    logEvery: 50,
    trainLimit: 0,
    devPerClass: SPLIT.devPerClass,
  },
  paper: {
    steps: Object.fromEntries(MODEL_NAMES.map((m) => [m, originalSteps(m)])) as Record<ModelName, number>,
    finalSteps: ORIGINAL_FINAL_STEPS,
    // the original logged dev accuracy and pooled training accuracy every 500 steps
    evalEvery: ORIGINAL_LOG_EVERY,
    logEvery: ORIGINAL_LOG_EVERY,
    trainLimit: 0,
    devPerClass: SPLIT.devPerClass,
  },
};

/** The profile's budget in steps for one model (and split). */
export function profileSteps(profile: Profile, model: ModelName, split: "dev" | "final" = "dev"): number {
  const d = PROFILE_DEFAULTS[profile];
  if (split === "final") return d.finalSteps;
  return typeof d.steps === "number" ? d.steps : d.steps[model];
}

/** A cosine schedule whose horizon is the run's own last step (filled in by makeConfig). */
export type CosineRequest = Omit<CosineSchedule, "horizonSteps">;

export type ConfigInput = Partial<Omit<ExperimentConfig, "schedule" | "precision">> &
  Pick<ExperimentConfig, "model"> & { schedule?: ScheduleConfig | CosineRequest; precision?: "fp32" | "bf16" };

/** A full, validated config from a model name, a profile and overrides. */
export function makeConfig(input: ConfigInput): ExperimentConfig {
  const profile = input.profile ?? "cpu";
  if (!(PROFILES as readonly string[]).includes(profile))
    throw new Error(`unknown profile '${profile}'; expected one of ${PROFILES.join(", ")}`);
  assertModelName(input.model);
  if (input.precision !== undefined && input.precision !== "fp32" && input.precision !== "bf16")
    throw new Error(`precision must be "bf16" or absent (fp32), got ${JSON.stringify(input.precision)}`);
  const split = input.split ?? "dev";
  const cfg: ExperimentConfig = {
    revision: input.revision ?? ARITHMETIC_REVISION,
    model: input.model,
    loss: input.loss ?? "cross_entropy",
    augmentProb: input.augmentProb ?? AUGMENT.defaultProb,
    augmentOps: input.augmentOps ?? [...STUDY_AUGMENT_OPS],
    batchSize: input.batchSize ?? BATCH_SIZE,
    schedule: { ...ORIGINAL_SCHEDULE, decaySteps: originalDecaySteps(input.model) },
    seed: input.seed ?? 0,
    split,
    ...profileBudget(profile, split, input.model),
    ...definedOnly({
      steps: input.steps,
      evalEvery: input.evalEvery,
      logEvery: input.logEvery,
      trainLimit: input.trainLimit,
      devPerClass: input.devPerClass,
    }),
    profile,
    ...(input.precision === "bf16" ? { precision: "bf16" as const } : {}),
  };
  if (input.schedule)
    cfg.schedule =
      input.schedule.kind === "cosine" && !("horizonSteps" in input.schedule)
        ? { ...input.schedule, horizonSteps: cfg.steps }
        : (input.schedule as ScheduleConfig);
  return validateConfig(cfg);
}

function profileBudget(profile: Profile, split: "dev" | "final", model: ModelName) {
  const { evalEvery, logEvery, trainLimit, devPerClass } = PROFILE_DEFAULTS[profile];
  return { evalEvery, logEvery, trainLimit, devPerClass, steps: profileSteps(profile, model, split) };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function positiveInt(name: string, v: unknown, allowZero = false): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < (allowZero ? 0 : 1)) {
    throw new Error(`${name} must be a ${allowZero ? "non-negative" : "positive"} integer, got ${JSON.stringify(v)}`);
  }
}

/** Checks every field, naming the first bad one. Returns the config with augmentOps in canonical order. */
export function validateConfig(cfg: ExperimentConfig): ExperimentConfig {
  if (cfg.revision !== ARITHMETIC_REVISION) {
    throw new Error(
      `revision ${JSON.stringify(cfg.revision)} is not this code's arithmetic (revision ${ARITHMETIC_REVISION}); a run of another revision cannot be trained or resumed by it`,
    );
  }
  assertModelName(cfg.model);
  assertLossName(cfg.loss);
  const aug = validateAugmentConfig({ prob: cfg.augmentProb, ops: cfg.augmentOps });
  positiveInt("steps", cfg.steps);
  positiveInt("batchSize", cfg.batchSize);
  positiveInt("seed", cfg.seed, true);
  positiveInt("devPerClass", cfg.devPerClass, true);
  positiveInt("trainLimit", cfg.trainLimit, true);
  positiveInt("evalEvery", cfg.evalEvery);
  positiveInt("logEvery", cfg.logEvery);
  if (cfg.split !== "dev" && cfg.split !== "final")
    throw new Error(`split must be "dev" or "final", got ${JSON.stringify(cfg.split)}`);
  if (cfg.split === "dev" && cfg.devPerClass === 0) throw new Error(`split "dev" needs devPerClass > 0`);
  validateSchedule(cfg.schedule);
  if (cfg.precision !== undefined && cfg.precision !== "bf16")
    throw new Error(`precision must be "bf16" or absent (fp32), got ${JSON.stringify(cfg.precision)}`);
  return { ...cfg, augmentOps: [...aug.ops] };
}

/** How many images a run trains on: 59,990 ("final"), the 56k outside the dev split, or trainLimit. */
export function trainingImages(cfg: ExperimentConfig): number {
  if (cfg.trainLimit > 0) return cfg.trainLimit;
  return DATASET.files.trainImages.count - NUM_CLASSES * heldOutPerClass(cfg);
}

/** The run's budget in passes over its training images. */
export function epochsOf(cfg: ExperimentConfig): number {
  return (cfg.steps * cfg.batchSize) / trainingImages(cfg);
}

/** JSON with object keys sorted, so equal configs give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

export function configHash(cfg: ExperimentConfig): string {
  return createHash("sha256").update(canonicalJson(cfg)).digest("hex").slice(0, 10);
}

/** The run directory name: `<model>-<loss>-<hash>`. */
export function runName(cfg: ExperimentConfig): string {
  return `${cfg.model}-${cfg.loss}-${configHash(cfg)}`;
}

/** The config in words: what sets this run apart (the model, loss, augmentation, seed, split, schedule). */
export function describeConfig(cfg: ExperimentConfig): string {
  const parts: string[] = [cfg.model, cfg.loss];
  parts.push(`p = ${cfg.augmentProb}${cfg.augmentOps.length === 1 ? ` (${cfg.augmentOps[0]} only)` : ""}`);
  if (cfg.seed !== 0) parts.push(`seed ${cfg.seed}`);
  if (cfg.split !== "dev") parts.push(`${cfg.split} split`);
  if (cfg.schedule.kind === "cosine") parts.push(scheduleLabel(cfg.schedule));
  parts.push(`${cfg.steps.toLocaleString("en-US")} steps`);
  return parts.join(", ");
}
