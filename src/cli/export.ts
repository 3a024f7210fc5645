/** `npm run export -- <run> [--out DIR]` — the run's model in TensorFlow.js format for the browser demo. */
import { DEMO_MODEL_FOLDER, demoModelDir, outputDir } from "../util/paths.js";
import { EXPORTS_FOLDER, exportModel, loadRunModel } from "../experiments/run-model.js";
import { parseCli, str } from "./args.js";
import { runFromArgs } from "./run-arg.js";
import { exitOnExpectedErrors } from "./fail.js";

exitOnExpectedErrors();

const USAGE = `usage: npm run export -- RUN [--out DIR] [--output-dir DIR]

Writes the run's selected checkpoint as a TensorFlow.js layers model (model.json, weights.bin)
and meta.json to DIR (default: ${DEMO_MODEL_FOLDER}/ of the run store in use, i.e. --output-dir,
else $FMNIST_OUTPUT_DIR, else output_dir/, where npm run demo loads it). Checkpoints are not
committed: npm run evaluate re-scores a run from a clone through its export, the demo's or the
run's own in ${EXPORTS_FOLDER}/RUN/ of its store (--out output_dir/${EXPORTS_FOLDER}/RUN).`;

const args = parseCli(USAGE, { out: { type: "string" }, "output-dir": { type: "string" } }, undefined, true);
const run = runFromArgs(USAGE, args);
const store = str(args, "output-dir") ?? outputDir();
const out = str(args, "out") ?? demoModelDir(store);
const { model, step, rule } = await loadRunModel(run, demoModelDir(store));
const files = await exportModel(model, out, {
  run: run.name,
  config: run.config,
  step,
  checkpoint: rule,
  testEvaluation: run.evaluation,
});
console.log(`exported ${run.name} (${rule}, step ${step}) to ${files.join(", ")}`);
