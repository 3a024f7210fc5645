/**
 * An experiment is a plain JSON config. Profiles give its budget; any field can be
 * overridden. The config's canonical hash names its run directory.
 */
import { createHash } from "node:crypto";
import { AUGMENT, BATCH_SIZE, DATASET, NUM_CLASSES, SCHEDULE, SPLIT, type AugmentOp, type LossName, type ModelName } from "../config.js";
import { validateAugmentConfig } from "../augment/pipeline.js";
import { assertLossName } from "../losses.js";
import { assertModelName } from "../models/architectures.js";

export const PROFILES = ["smoke", "cpu", "paper"] as const;
export type Profile = (typeof PROFILES)[number];

export interface ExperimentConfig {
  model: ModelName;
  loss: LossName;
  augmentProb: number;
  augmentOps: AugmentOp[];
  steps: number;
  batchSize: number;
  schedule: { initialLearningRate: number; decayRate: number; decaySteps: number };
  seed: number;
  /** "dev": train on 56k, select on the 4k dev split; "final": train on all 60k. */
  split: "dev" | "final";
  devPerClass: number;
  /** Train on only the first N training images of the split (0 = all); for smoke runs. */
  trainLimit: number;
  evalEvery: number;
  logEvery: number;
  profile: Profile;
}

/**
 * The budgets of each profile: `smoke` runs in seconds (CI, notebook tests); `cpu` is what the
 * 2-core reference machine finishes in hours on the native backend (resnet trains at about
 * 145 img/s there: 3,000 steps ≈ 22 min, 20,000 ≈ 2.5 h; see output_dir/bench); `paper` is
 * the original study's budget. `steps` is the comparison runs' budget, `finalSteps` the final
 * model's.
 */
export const PROFILE_DEFAULTS: Record<Profile, Pick<ExperimentConfig, "steps" | "evalEvery" | "logEvery" | "trainLimit" | "devPerClass"> & { finalSteps: number }> = {
  smoke: { steps: 12, finalSteps: 12, evalEvery: 6, logEvery: 3, trainLimit: 1024, devPerClass: 20 },
  cpu: { steps: 3_000, finalSteps: 20_000, evalEvery: 250, logEvery: 50, trainLimit: 0, devPerClass: SPLIT.devPerClass },
  paper: { steps: 250_000, finalSteps: 250_000, evalEvery: 5_000, logEvery: 500, trainLimit: 0, devPerClass: SPLIT.devPerClass },
};

export type ConfigInput = Partial<ExperimentConfig> & Pick<ExperimentConfig, "model">;

/** A full, validated config from a model name, a profile and overrides. */
export function makeConfig(input: ConfigInput): ExperimentConfig {
  const profile = input.profile ?? "cpu";
  if (!(PROFILES as readonly string[]).includes(profile)) throw new Error(`unknown profile '${profile}'; expected one of ${PROFILES.join(", ")}`);
  const cfg: ExperimentConfig = {
    model: input.model,
    loss: input.loss ?? "cross_entropy",
    augmentProb: input.augmentProb ?? AUGMENT.defaultProb,
    augmentOps: input.augmentOps ?? [...AUGMENT.ops],
    batchSize: input.batchSize ?? BATCH_SIZE,
    schedule: input.schedule ?? { ...SCHEDULE },
    seed: input.seed ?? 0,
    split: input.split ?? "dev",
    ...profileBudget(profile, input.split ?? "dev"),
    ...definedOnly({ steps: input.steps, evalEvery: input.evalEvery, logEvery: input.logEvery, trainLimit: input.trainLimit, devPerClass: input.devPerClass }),
    profile,
  };
  return validateConfig(cfg);
}

function profileBudget(profile: Profile, split: "dev" | "final") {
  const { finalSteps, ...budget } = PROFILE_DEFAULTS[profile];
  return split === "final" ? { ...budget, steps: finalSteps } : budget;
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
  if (cfg.split !== "dev" && cfg.split !== "final") throw new Error(`split must be "dev" or "final", got ${JSON.stringify(cfg.split)}`);
  if (cfg.split === "dev" && cfg.devPerClass === 0) throw new Error(`split "dev" needs devPerClass > 0`);
  const s = cfg.schedule;
  if (!(s.initialLearningRate > 0) || !(s.decayRate > 0 && s.decayRate <= 1)) {
    throw new Error(`schedule needs initialLearningRate > 0 and decayRate in (0, 1], got ${JSON.stringify(s)}`);
  }
  positiveInt("schedule.decaySteps", s.decaySteps);
  return { ...cfg, augmentOps: [...aug.ops] };
}

/** How many images a run trains on: all 60k ("final"), the 56k outside the dev split, or trainLimit. */
export function trainingImages(cfg: ExperimentConfig): number {
  if (cfg.trainLimit > 0) return cfg.trainLimit;
  const all = DATASET.files.trainImages.count;
  return cfg.split === "final" ? all : all - NUM_CLASSES * cfg.devPerClass;
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
