/** The options of `npm run train` (experiments/reproduce.ts writes the reverse: a config's command line). */
import {
  AUGMENT,
  COSINE_SCHEDULE,
  LOSS_NAMES,
  MODEL_NAMES,
  SCHEDULE,
  STUDY_AUGMENT_OPS,
  type AugmentOp,
} from "../config.js";
import { PROFILES, type ConfigInput, type Profile } from "../experiments/config.js";
import { PRECISIONS, type Precision } from "../runtime/precision.js";
import { numberOption, str, usageExit, type ParsedCli } from "./args.js";

export const TRAIN_USAGE = `usage: npm run train -- --model NAME [options]

  --model NAME         ${MODEL_NAMES.join(" | ")}
  --loss NAME          ${LOSS_NAMES.join(" | ")} (default cross_entropy)
  --profile NAME       ${PROFILES.join(" | ")}: the budget (default cpu)
  --steps N            training steps (default: the profile's)
  --augment-prob P     probability of each augmentation op, 0..1 (default ${AUGMENT.defaultProb})
  --ops LIST           comma-separated ops to enable: some of ${AUGMENT.ops.join(",")} (default
                       the study's: ${STUDY_AUGMENT_OPS.join(",")})
  --split dev|final    dev: train on 56k and select on the 4k dev set; final: train on
                       59,990 (the original's 10 held-out images, one per class, stay out)
  --seed N             seed of shuffling, augmentation and initialisation order (default 0)
  --eval-every N       dev evaluation and checkpoint interval (default: the profile's)
  --schedule NAME      original (5e-4 × 0.9 every 10,000 steps; 5,000 for simple_model_1) |
                       cosine (linear warm-up, then a cosine down to a floor at the last step)
  --peak-lr X          cosine: the rate after the warm-up (default ${SCHEDULE.initialLearningRate})
  --warmup N           cosine: warm-up steps (default ${COSINE_SCHEDULE.warmupSteps})
  --final-lr X         cosine: the floor reached at the last step (default ${COSINE_SCHEDULE.finalLearningRate})
  --precision P        fp32 (default: the study's arithmetic) | bf16 (convolutions and matrix
                       products in bfloat16 with fp32 accumulation, on CPUs with AVX512_BF16 or
                       AMX; another run, named apart)
  --output-dir DIR     run store root (default output_dir)
  --continue-from RUN  go on from the last checkpoint of a finished shorter run of the same
                       config (the schedule and every random draw follow the step, so this is
                       the longer run's path); recorded in the run's continued.json

A finished run is returned from the store without training; an interrupted one resumes.
Ctrl-C saves a checkpoint and exits; run the same command again to resume.`;

export const TRAIN_OPTIONS = {
  model: { type: "string" },
  loss: { type: "string" },
  profile: { type: "string" },
  steps: { type: "string" },
  "augment-prob": { type: "string" },
  ops: { type: "string" },
  split: { type: "string" },
  seed: { type: "string" },
  "eval-every": { type: "string" },
  "output-dir": { type: "string" },
  "continue-from": { type: "string" },
  schedule: { type: "string" },
  "peak-lr": { type: "string" },
  warmup: { type: "string" },
  "final-lr": { type: "string" },
  precision: { type: "string" },
} as const;

/** The schedule the options ask for: undefined for the original's (the default). */
function scheduleFromArgs(args: ParsedCli): ConfigInput["schedule"] {
  const kind = str(args, "schedule") ?? "original";
  const cosineOnly = ["peak-lr", "warmup", "final-lr"].filter((o) => str(args, o) !== undefined);
  if (kind === "original") {
    if (cosineOnly.length) usageExit(TRAIN_USAGE, `--${cosineOnly[0]} applies to --schedule cosine only`);
    return undefined;
  }
  if (kind !== "cosine") usageExit(TRAIN_USAGE, `unknown schedule '${kind}'; expected original or cosine`);
  return {
    kind: "cosine",
    initialLearningRate: numberOption(
      TRAIN_USAGE,
      "peak-lr",
      str(args, "peak-lr"),
      1e-7,
      1,
      SCHEDULE.initialLearningRate,
    )!,
    warmupSteps: numberOption(TRAIN_USAGE, "warmup", str(args, "warmup"), 0, 10_000_000, COSINE_SCHEDULE.warmupSteps)!,
    finalLearningRate: numberOption(
      TRAIN_USAGE,
      "final-lr",
      str(args, "final-lr"),
      0,
      1,
      COSINE_SCHEDULE.finalLearningRate,
    )!,
  };
}

/** The config input the parsed options describe (bad numbers exit 2 with the option named). */
export function configInputFromArgs(args: ParsedCli, model: string): ConfigInput {
  return {
    model: model as ConfigInput["model"],
    loss: str(args, "loss") as ConfigInput["loss"],
    profile: (str(args, "profile") ?? "cpu") as Profile,
    steps: numberOption(TRAIN_USAGE, "steps", str(args, "steps"), 1, 10_000_000),
    augmentProb: numberOption(TRAIN_USAGE, "augment-prob", str(args, "augment-prob"), 0, 1),
    augmentOps: str(args, "ops")
      ?.split(",")
      .map((s) => s.trim()) as AugmentOp[] | undefined,
    split: str(args, "split") as ConfigInput["split"],
    seed: numberOption(TRAIN_USAGE, "seed", str(args, "seed"), 0, 2 ** 31),
    evalEvery: numberOption(TRAIN_USAGE, "eval-every", str(args, "eval-every"), 1, 10_000_000),
    schedule: scheduleFromArgs(args),
    precision: precisionFromArgs(args),
  };
}

function precisionFromArgs(args: ParsedCli): Precision {
  const p = str(args, "precision") ?? "fp32";
  if (!(PRECISIONS as readonly string[]).includes(p))
    usageExit(TRAIN_USAGE, `unknown precision '${p}'; expected ${PRECISIONS.join(" or ")}`);
  return p as Precision;
}
