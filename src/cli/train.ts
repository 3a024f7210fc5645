/** `npm run train -- --model resnet --loss focal --augment-prob 0.3 --steps 20000 [--continue-from RUN]` */
import { makeConfig, runName } from "../experiments/config.js";
import { ContinueRunError } from "../experiments/continue-run.js";
import { runDirFor, runExperiment } from "../experiments/store.js";
import { parseCli, str, usageExit } from "./args.js";
import { stopOnInterrupt } from "./interrupt.js";
import { formatSeconds } from "../util/format.js";
import { ProgressBar } from "./progress.js";
import { configInputFromArgs, TRAIN_OPTIONS, TRAIN_USAGE } from "./train-options.js";
import { exitOnExpectedErrors } from "./fail.js";

exitOnExpectedErrors();

const args = parseCli(TRAIN_USAGE, TRAIN_OPTIONS);
const model = str(args, "model");
if (!model) usageExit(TRAIN_USAGE, "--model is required");
const input = configInputFromArgs(args, model);
let cfg;
try {
  cfg = makeConfig(input);
} catch (err) {
  usageExit(TRAIN_USAGE, (err as Error).message);
}
const outputDir = str(args, "output-dir");
console.log(`run ${runName(cfg)} in ${runDirFor(cfg, outputDir)}`);

const stop = stopOnInterrupt();

const bar = new ProgressBar(cfg.steps, `${cfg.model}/${cfg.loss}`);
let run;
try {
  run = await runExperiment(cfg, {
    outputDir,
    continueFrom: str(args, "continue-from"),
    shouldStop: stop,
    log: (m) => process.stderr.write(`\n${m}\n`),
    onProgress: (p) =>
      bar.update(
        p.step,
        `${p.imagesPerSecond.toFixed(0)} img/s loss ${p.loss?.toFixed(4) ?? "-"}${p.devAccuracy !== null ? ` dev ${(100 * p.devAccuracy).toFixed(2)}%` : ""}`,
        false,
        p.etaSeconds,
      ),
  });
} catch (err) {
  // a source that cannot be continued is a bad argument (exit 2); other expected failures exit 1
  if (!(err instanceof ContinueRunError)) throw err;
  console.error(`error: ${err.message}`);
  process.exit(2);
}
if (!run.done) {
  console.log(`\nstopped; resume with the same command`);
  process.exit(130);
}
bar.finish();
const d = run.done;
console.log(`done: ${d.steps} steps on ${d.backend.name} in ${formatSeconds(d.trainSeconds)}`);
if (d.best)
  console.log(
    `best dev accuracy ${(100 * d.best.accuracy).toFixed(2)}% at step ${d.best.step}; last ${(100 * d.last!.accuracy).toFixed(2)}%`,
  );
