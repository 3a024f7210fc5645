/**
 * The one command that reproduces a run: the shortest `npm run train` line naming its config
 * (the README, `npm run study -- --results`, the report's notes and error messages print it).
 */
import { COSINE_SCHEDULE, SCHEDULE } from "../config.js";
import { canonicalJson, makeConfig, runName, type ConfigInput, type ExperimentConfig } from "./config.js";

/**
 * The `npm run train` arguments for this config, as words, naming only what differs from the
 * defaults. Throws for a config that the command line cannot express (e.g. another batch size
 * or schedule).
 */
export function trainArguments(cfg: ExperimentConfig): string[] {
  const base = makeConfig({ model: cfg.model, profile: cfg.profile, split: cfg.split });
  const args = ["--model", cfg.model];
  if (cfg.loss !== base.loss) args.push("--loss", cfg.loss);
  if (cfg.augmentProb !== base.augmentProb) args.push("--augment-prob", String(cfg.augmentProb));
  if (canonicalJson(cfg.augmentOps) !== canonicalJson(base.augmentOps)) args.push("--ops", cfg.augmentOps.join(","));
  if (cfg.split !== "dev") args.push("--split", cfg.split);
  if (cfg.seed !== base.seed) args.push("--seed", String(cfg.seed));
  if (cfg.profile !== "cpu") args.push("--profile", cfg.profile);
  if (cfg.steps !== base.steps) args.push("--steps", String(cfg.steps));
  if (cfg.evalEvery !== base.evalEvery) args.push("--eval-every", String(cfg.evalEvery));
  if (cfg.precision) args.push("--precision", cfg.precision);
  const s = cfg.schedule;
  let schedule: ConfigInput["schedule"];
  if (s.kind === "cosine") {
    args.push("--schedule", "cosine");
    if (s.initialLearningRate !== SCHEDULE.initialLearningRate) args.push("--peak-lr", String(s.initialLearningRate));
    if (s.warmupSteps !== COSINE_SCHEDULE.warmupSteps) args.push("--warmup", String(s.warmupSteps));
    if (s.finalLearningRate !== COSINE_SCHEDULE.finalLearningRate) args.push("--final-lr", String(s.finalLearningRate));
    schedule = {
      kind: "cosine",
      initialLearningRate: s.initialLearningRate,
      warmupSteps: s.warmupSteps,
      finalLearningRate: s.finalLearningRate,
    };
  }
  const described = makeConfig({
    model: cfg.model,
    loss: cfg.loss,
    augmentProb: cfg.augmentProb,
    augmentOps: cfg.augmentOps,
    split: cfg.split,
    seed: cfg.seed,
    profile: cfg.profile,
    steps: cfg.steps,
    evalEvery: cfg.evalEvery,
    schedule,
    precision: cfg.precision,
  });
  if (canonicalJson(described) !== canonicalJson(cfg))
    throw new Error(
      `npm run train cannot express this config (batch size, schedule, logging or data limits differ from the ${cfg.profile} profile's)`,
    );
  return args;
}

/** `npm run train -- …` for this config (trainArguments on one line). */
export function trainCommand(cfg: ExperimentConfig): string {
  return `npm run train -- ${trainArguments(cfg).join(" ")}`;
}

/** The command line that retrains a config, or (for one the command line cannot express) how. */
export function retrainCommand(cfg: ExperimentConfig): string {
  try {
    return trainCommand(cfg);
  } catch {
    return "run its config again (runExperiment with the same config)";
  }
}

/** The command that reproduces a run's reported figure: training, and for a final run the test evaluation. */
export function reproduceCommand(cfg: ExperimentConfig): string {
  return cfg.split === "final" ? `${trainCommand(cfg)} && npm run evaluate -- ${runName(cfg)}` : trainCommand(cfg);
}
