/** The options of `npm run train` (experiments/reproduce.ts writes the reverse: a config's command line). */
import { AUGMENT, LOSS_NAMES, MODEL_NAMES, STUDY_AUGMENT_OPS, type AugmentOp } from "../config.js";
import { PROFILES, type ConfigInput, type Profile } from "../experiments/config.js";
import { numberOption, str, type ParsedCli } from "./args.js";

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
} as const;

/** The config input the parsed options describe (bad numbers exit 2 with the option named). */
export function configInputFromArgs(args: ParsedCli, model: string): ConfigInput {
  return {
    model: model as ConfigInput["model"],
    loss: str(args, "loss") as ConfigInput["loss"],
    profile: (str(args, "profile") ?? "cpu") as Profile,
    steps: numberOption(TRAIN_USAGE, "steps", str(args, "steps"), 1, 10_000_000),
    augmentProb: numberOption(TRAIN_USAGE, "augment-prob", str(args, "augment-prob"), 0, 1),
    augmentOps: str(args, "ops")?.split(",").map((s) => s.trim()) as AugmentOp[] | undefined,
    split: str(args, "split") as ConfigInput["split"],
    seed: numberOption(TRAIN_USAGE, "seed", str(args, "seed"), 0, 2 ** 31),
    evalEvery: numberOption(TRAIN_USAGE, "eval-every", str(args, "eval-every"), 1, 10_000_000),
  };
}
