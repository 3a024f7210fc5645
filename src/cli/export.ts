/** `npm run export -- <run> [--out DIR]` — the run's model in TensorFlow.js format for the browser demo. */
import { PATHS } from "../config.js";
import { projectPath } from "../util/paths.js";
import { exportModel, loadRunModel } from "../experiments/run-model.js";
import { parseCli, str } from "./args.js";
import { runFromArgs } from "./run-arg.js";
import { exitOnExpectedErrors } from "./fail.js";

exitOnExpectedErrors();

const USAGE = `usage: npm run export -- RUN [--out DIR] [--output-dir DIR]

Writes the run's selected checkpoint as a TensorFlow.js layers model (model.json, weights.bin)
and meta.json to DIR (default ${PATHS.finalModelExport}), where the demo loads it.`;

const args = parseCli(USAGE, { out: { type: "string" }, "output-dir": { type: "string" } }, undefined, true);
const run = runFromArgs(USAGE, args);
const { model, step, rule } = await loadRunModel(run);
const out = str(args, "out") ?? projectPath(PATHS.finalModelExport);
const files = await exportModel(model, out, {
  run: run.name,
  config: run.config,
  step,
  checkpoint: rule,
  testEvaluation: run.evaluation,
});
console.log(`exported ${run.name} (${rule}, step ${step}) to ${files.join(", ")}`);
