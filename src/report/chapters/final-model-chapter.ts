/** The final model chapter: its test score (stored once in eval.json) beside the original's, and any earlier look at the test set. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { CLASS_NAMES, ORIGINAL_FINAL_STEPS, ORIGINAL_RESULTS } from "../../config.js";
import { loadTestSetForFinalEvaluation, type LabelledImages } from "../../data/dataset.js";
import { evaluateRunOnTestSet, loadRunModel, type TestEvaluation } from "../../experiments/run-model.js";
import { choosePredictor } from "../../train/compiled-inference.js";
import { predictClasses } from "../../train/evaluate.js";
import { describeConfig } from "../../experiments/config.js";
import type { Run } from "../../experiments/store.js";
import { RUN_FILES } from "../../train/run-files.js";
import { ExpectedError } from "../../util/errors.js";
import type { MimeBundle } from "../display/display.js";
import { pct } from "./study-report.js";
import { table } from "../display/tables.js";

/** The run's stored test evaluation (eval.json), computed and stored only when missing. */
export async function testEvaluation(run: Run): Promise<TestEvaluation> {
  return (run.evaluation as TestEvaluation | null) ?? evaluateRunOnTestSet(run, loadTestSetForFinalEvaluation());
}

/**
 * Each test image's predicted class: from the evaluation where it stored them, else from the
 * run's model (an eval.json written before it held them).
 */
export async function testPredictions(run: Run, e: TestEvaluation, test: LabelledImages): Promise<Int32Array> {
  if (e.predictions?.length === test.count) return Int32Array.from(e.predictions, Number);
  const { model } = await loadRunModel(run);
  const predictor = choosePredictor(model);
  const predictions = predictClasses(predictor.predict, test);
  predictor.close();
  model.dispose();
  return predictions;
}

/** Test accuracy overall and per class, ours beside the original's. */
export function finalTable(run: Run, e: TestEvaluation): MimeBundle {
  return table(
    ["class", "ours: test %", "original: test %"],
    [
      ["overall", pct(e.accuracy), ORIGINAL_RESULTS.finalTest],
      ...CLASS_NAMES.map((name, c) => [`${c} ${name}`, pct(e.perClass[c]), ORIGINAL_RESULTS.finalTestPerClass[c]]),
    ],
    `Test accuracy (${describeConfig(run.config)}; ${e.checkpoint}, step ${e.step.toLocaleString("en-US")}, ${e.backend}; its ${RUN_FILES.eval}); the original trained ${ORIGINAL_FINAL_STEPS.toLocaleString("en-US")} steps`,
  );
}

/**
 * For a run continued from a shorter one that had itself been scored on the test set, or a
 * config trained again after an earlier training of it was scored (its earlier-eval.json): that
 * earlier score, and the plain statement that the run's own score is not the first look at the
 * test set. Null otherwise.
 */
export function earlierTestLook(run: Run): string | null {
  const again = join(run.dir, RUN_FILES.earlierEval);
  if (existsSync(again)) {
    const earlier = readStoredEvaluation(again);
    const when = typeof earlier.evaluatedAt === "string" ? `, scored ${earlier.evaluatedAt.slice(0, 10)}` : "";
    return `An earlier training of this same config and seed was scored on the test set: ${(100 * earlier.accuracy).toFixed(2)}% (its ${RUN_FILES.eval}, kept as ${RUN_FILES.earlierEval}${when}). Its weights were not kept, so the config was trained again from step 0 and scored once more: the score given for it here is the new model's, and so not the first look at the test set.`;
  }
  if (!run.continuedFrom) return null;
  const path = join(dirname(run.dir), run.continuedFrom.run, RUN_FILES.eval);
  if (!existsSync(path)) return null;
  const earlier = readStoredEvaluation(path);
  return `The ${run.continuedFrom.step.toLocaleString("en-US")}-step model this run continued from (${run.continuedFrom.run}) had been scored on the test set before its budget was raised: ${(100 * earlier.accuracy).toFixed(2)}% (its ${RUN_FILES.eval}). The score given for it here is therefore not the first look at the test set.`;
}

/** A stored test evaluation (eval.json, earlier-eval.json) with an accuracy in [0, 1], else one line naming the file. */
function readStoredEvaluation(path: string): TestEvaluation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new ExpectedError(`${path}: not readable JSON (${(err as Error).message}); restore it from git`);
  }
  const accuracy = (parsed as { accuracy?: unknown } | null)?.accuracy;
  if (typeof accuracy !== "number" || !(accuracy >= 0 && accuracy <= 1))
    throw new ExpectedError(
      `${path}: expected a test evaluation with an accuracy between 0 and 1; restore it from git`,
    );
  return parsed as TestEvaluation;
}

export interface ConfusedPair {
  /** The two classes, the lower index first. */
  classes: [number, number];
  /** Test images of either class predicted as the other. */
  errors: number;
  /** How many of them went each way: a's images called b, b's images called a. */
  aAsB: number;
  bAsA: number;
}

/** The pairs of classes a model mixes up most often on the test set, both directions counted. */
export function confusedPairs(confusion: number[][], limit = 5): ConfusedPair[] {
  const pairs: ConfusedPair[] = [];
  for (let a = 0; a < confusion.length; a++) {
    for (let b = a + 1; b < confusion.length; b++) {
      const aAsB = confusion[a][b];
      const bAsA = confusion[b][a];
      if (aAsB + bAsA > 0) pairs.push({ classes: [a, b], errors: aAsB + bAsA, aAsB, bAsA });
    }
  }
  return pairs.sort((p, q) => q.errors - p.errors || p.classes[0] - q.classes[0]).slice(0, limit);
}

/** The most-confused pairs as a table, with each pair's share of all the test errors. */
export function confusedPairsTable(run: Run, e: TestEvaluation, limit = 5): MimeBundle {
  const errors = e.confusion.reduce((n, row, t) => n + row.reduce((m, v, p) => m + (p === t ? 0 : v), 0), 0);
  return table(
    ["classes", "errors", "share of all errors", "first taken for second", "second taken for first"],
    confusedPairs(e.confusion, limit).map((p) => [
      `${CLASS_NAMES[p.classes[0]]} / ${CLASS_NAMES[p.classes[1]]}`,
      p.errors,
      `${((100 * p.errors) / errors).toFixed(1)}%`,
      p.aAsB,
      p.bAsA,
    ]),
    `The ${limit} pairs of classes the model mixes up most on the test set (${describeConfig(run.config)}; ${errors.toLocaleString("en-US")} errors in all)`,
  );
}
