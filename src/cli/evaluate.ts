/** `npm run evaluate -- <run>` — the run's selected checkpoint on the 10k test set. */
import { join } from "node:path";
import { CLASS_NAMES } from "../config.js";
import { loadTestSetForFinalEvaluation } from "../data/dataset.js";
import {
  rescoreSummary,
  scoreRunOnTestSet,
  writeTestEvaluation,
  type TestEvaluation,
} from "../experiments/run-model.js";
import { RUN_FILES } from "../train/run-files.js";
import { flag, parseCli } from "./args.js";
import { runFromArgs } from "./run-arg.js";
import { exitOnExpectedErrors } from "./fail.js";

exitOnExpectedErrors();

const USAGE = `usage: npm run evaluate -- RUN [--replace] [--output-dir DIR]

RUN is a run directory or its name under output_dir/runs. Scores the run's best-dev checkpoint
(dev runs) or last checkpoint (final runs) on the test set: overall and per-class accuracy and
the confusion matrix, written to RUN/eval.json. Where RUN/eval.json exists already (a committed
score), the new score is compared with it and the file is kept; --replace writes the new one.
The test set is for the final evaluation: do not select models on it.`;

const args = parseCli(USAGE, { replace: { type: "boolean" }, "output-dir": { type: "string" } }, undefined, true);
const run = runFromArgs(USAGE, args);
const e = await scoreRunOnTestSet(run, loadTestSetForFinalEvaluation());
console.log(
  `${run.name}: test accuracy ${(100 * e.accuracy).toFixed(2)}% (${e.checkpoint}, step ${e.step}, ${e.backend}, ${e.engine} inference)`,
);
CLASS_NAMES.forEach((name, c) =>
  console.log(
    `  ${c} ${name.padEnd(12)} ${(100 * e.perClass[c]).toFixed(1).padStart(5)}%  ${e.confusion[c].map((n) => String(n).padStart(4)).join(" ")}`,
  ),
);
const stored = run.evaluation as TestEvaluation | null;
if (stored && !flag(args, "replace")) {
  console.log(
    `${rescoreSummary(e, stored)}. Kept ${join(run.dir, RUN_FILES.eval)}; --replace writes this score instead.`,
  );
} else {
  const path = writeTestEvaluation(run, e);
  console.log(`wrote ${path}${stored ? ` (replacing a score of ${(100 * stored.accuracy).toFixed(2)}%)` : ""}`);
}
