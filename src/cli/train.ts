/** `npm run train -- --model resnet --loss focal --augment-prob 0.3 --steps 20000` */
import { AUGMENT, LOSS_NAMES, MODEL_NAMES, type AugmentOp } from "../config.js";
import { makeConfig, PROFILES, runName, type ConfigInput, type Profile } from "../experiments/config.js";
import { runDirFor, runExperiment } from "../experiments/store.js";
import { numberOption, parseCli, str, usageExit } from "./args.js";
import { stopOnInterrupt } from "./interrupt.js";
import { ProgressBar, formatSeconds } from "./progress.js";

const USAGE = `usage: npm run train -- --model NAME [options]

  --model NAME         ${MODEL_NAMES.join(" | ")}
  --loss NAME          ${LOSS_NAMES.join(" | ")} (default cross_entropy)
  --profile NAME       ${PROFILES.join(" | ")}: the budget (default cpu)
  --steps N            training steps (default: the profile's)
  --augment-prob P     probability of each augmentation op, 0..1 (default ${AUGMENT.defaultProb})
  --ops LIST           comma-separated ops to enable (default all: ${AUGMENT.ops.join(",")})
  --split dev|final    dev: train on 56k and select on the 4k dev set; final: train on all 60k
  --seed N             seed of shuffling, augmentation and initialisation order (default 0)
  --eval-every N       dev evaluation and checkpoint interval (default: the profile's)
  --output-dir DIR     run store root (default output_dir)

A finished run is returned from the store without training; an interrupted one resumes.
Ctrl-C saves a checkpoint and exits; run the same command again to resume.`;

const args = parseCli(USAGE, {
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
});

const model = str(args, "model");
if (!model) usageExit(USAGE, "--model is required");
const input: ConfigInput = {
  model: model as ConfigInput["model"],
  loss: str(args, "loss") as ConfigInput["loss"],
  profile: (str(args, "profile") ?? "cpu") as Profile,
  steps: numberOption(USAGE, "steps", str(args, "steps"), 1, 10_000_000),
  augmentProb: numberOption(USAGE, "augment-prob", str(args, "augment-prob"), 0, 1),
  augmentOps: str(args, "ops")?.split(",").map((s) => s.trim()) as AugmentOp[] | undefined,
  split: str(args, "split") as ConfigInput["split"],
  seed: numberOption(USAGE, "seed", str(args, "seed"), 0, 2 ** 31),
  evalEvery: numberOption(USAGE, "eval-every", str(args, "eval-every"), 1, 10_000_000),
};
let cfg;
try {
  cfg = makeConfig(input);
} catch (err) {
  usageExit(USAGE, (err as Error).message);
}
const outputDir = str(args, "output-dir");
console.log(`run ${runName(cfg)} in ${runDirFor(cfg, outputDir)}`);

const stop = stopOnInterrupt();

const bar = new ProgressBar(cfg.steps, `${cfg.model}/${cfg.loss}`);
const run = await runExperiment(cfg, {
  outputDir,
  shouldStop: stop,
  log: (m) => process.stderr.write(`\n${m}\n`),
  onProgress: (p) =>
    bar.update(p.step, `${p.imagesPerSecond.toFixed(0)} img/s loss ${p.loss?.toFixed(4) ?? "-"}${p.devAccuracy !== null ? ` dev ${(100 * p.devAccuracy).toFixed(2)}%` : ""}`, false, p.etaSeconds),
});
if (!run.done) {
  console.log(`\nstopped; resume with the same command`);
  process.exit(130);
}
bar.finish();
const d = run.done;
console.log(`done: ${d.steps} steps on ${d.backend.name} in ${formatSeconds(d.trainSeconds)}`);
if (d.best) console.log(`best dev accuracy ${(100 * d.best.accuracy).toFixed(2)}% at step ${d.best.step}; last ${(100 * d.last!.accuracy).toFixed(2)}%`);
