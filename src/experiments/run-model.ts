/** A finished run's trained model: loading it, scoring it on the test set, exporting it. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { writeFileAtomic, writeJsonAtomic } from "../util/atomic.js";
import { demoModelDir } from "../util/paths.js";
import { ExpectedError } from "../util/errors.js";
import { initBackend } from "../runtime/backend.js";
import type { LabelledImages } from "../data/dataset.js";
import { buildModel } from "../models/architectures.js";
import { loadCheckpoint } from "../train/checkpoint.js";
import { choosePredictor } from "../train/compiled-inference.js";
import type { Engine } from "../train/compiled-step.js";
import { evaluateModel, type Evaluation } from "../train/evaluate.js";
import { bestCheckpointName, RUN_FILES } from "../train/run-files.js";
import { retrainCommand } from "./reproduce.js";
import { loadRun, runsDir, type Run } from "./store.js";

/** The folder of a store that holds runs' own exports, one folder per run. */
export const EXPORTS_FOLDER = "exports";

/** A run by directory path or by name in the store. */
export function resolveRun(ref: string, outputDir?: string): Run {
  const candidates = [resolve(ref), join(runsDir(outputDir), ref)];
  const dir = candidates.find((d) => existsSync(join(d, RUN_FILES.config)));
  if (!dir)
    throw new Error(`no run '${ref}': looked for ${candidates.map((d) => join(d, RUN_FILES.config)).join(" and ")}`);
  return loadRun(dir);
}

/**
 * Which checkpoint stands for the run: the best dev accuracy for dev runs (model selection on
 * the dev set), the last step for final runs (no dev set to select on).
 */
export function selectedCheckpoint(run: Run): { file: string; step: number; rule: string } {
  if (!run.done)
    throw new ExpectedError(`run ${run.name} is not finished (no ${RUN_FILES.done}); train it to completion first`);
  const best = run.done.best;
  const pick =
    run.config.split === "dev" && best
      ? { file: join(run.dir, bestCheckpointName(best.step)), step: best.step, rule: "best dev accuracy" }
      : { file: join(run.dir, RUN_FILES.last), step: run.done.steps, rule: "last step" };
  if (!existsSync(pick.file)) {
    const present = readdirSync(run.dir).filter((f) => f.endsWith(".ckpt"));
    throw new ExpectedError(
      `checkpoint ${pick.file} is missing (checkpoints are not committed, and no exported model of ${run.name} was found; present: ${present.join(", ") || "none"}). Retrain with: ${retrainCommand(run.config)} (after moving ${run.dir} away)`,
    );
  }
  return pick;
}

/** Where a run's own export is kept beside the demo's: exports/<run>/ in the run's store. */
export function runExportDir(run: Run): string {
  return join(runStore(run), EXPORTS_FOLDER, run.name);
}

/** The run store a run lives in (its runs/ folder's parent). */
function runStore(run: Run): string {
  return dirname(dirname(run.dir));
}

/**
 * The run's trained model: from its selected checkpoint, or, where checkpoints are not kept (a
 * fresh clone), from an exported model of this run: the demo's of its store (or `exportDir`), or
 * the run's own in exports/<run>/ of its store (where a final model that is not the demo's keeps
 * its weights).
 */
export async function loadRunModel(
  run: Run,
  exportDir: string = demoModelDir(runStore(run)),
): Promise<{ model: tf.LayersModel; step: number; rule: string }> {
  await initBackend();
  let pick: ReturnType<typeof selectedCheckpoint>;
  try {
    pick = selectedCheckpoint(run);
  } catch (err) {
    const dir = exportOf(run, exportDir);
    if (!dir) throw err;
    const meta = readExportMeta(dir)!;
    return {
      model: await loadExportedModel(dir),
      step: Number(meta.step),
      rule: `${meta.checkpoint} (exported model)`,
    };
  }
  const model = buildModel(run.config.model);
  await loadCheckpoint(pick.file, model);
  return { model, step: pick.step, rule: pick.rule };
}

/** The folder holding an export of this run: the demo's of its store (or `exportDir`), else its own; null when neither is. */
function exportOf(run: Run, exportDir: string = demoModelDir(runStore(run))): string | null {
  return [exportDir, runExportDir(run)].find((d) => exportedRunName(d) === run.name) ?? null;
}

/** Whether the run's trained model can be loaded here: its selected checkpoint, or an export of it. */
export function hasTrainedModel(run: Run): boolean {
  if (!run.done) return false;
  try {
    selectedCheckpoint(run);
    return true;
  } catch {
    return exportOf(run) !== null;
  }
}

function readExportMeta(dir: string): Record<string, unknown> | null {
  const path = join(dir, "meta.json");
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>) : null;
}

/** The run whose model is exported in `dir` (its meta.json), or null when none is (or meta.json is unreadable). */
export function exportedRunName(dir: string): string | null {
  try {
    const run = readExportMeta(dir)?.run;
    return typeof run === "string" ? run : null;
  } catch {
    return null;
  }
}

/** A model written by exportModel, loaded back (for inference). */
export async function loadExportedModel(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
  const weights = readFileSync(join(dir, "weights.bin"));
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: new Uint8Array(weights).buffer,
    }),
  );
}

export interface TestEvaluation extends Evaluation {
  run: string;
  step: number;
  checkpoint: string;
  backend: string;
  /** The path that ran the model: one compiled graph or tfjs op by op (absent in older files: eager). */
  engine?: Engine;
  evaluatedAt: string;
  /** Each test image's predicted class, one digit per image in file order (for paired tests; absent in older files). */
  predictions?: string;
}

/** Scores the run's selected checkpoint on the test set and writes eval.json. */
export async function evaluateRunOnTestSet(run: Run, test: LabelledImages): Promise<TestEvaluation> {
  const result = await scoreRunOnTestSet(run, test);
  writeTestEvaluation(run, result);
  return result;
}

/** Writes a test evaluation as the run's eval.json (atomically); returns the file's path. */
export function writeTestEvaluation(run: Run, evaluation: TestEvaluation): string {
  const path = join(run.dir, RUN_FILES.eval);
  writeJsonAtomic(path, evaluation);
  return path;
}

/** Scores the run's selected checkpoint on the test set, writing nothing (to compare with a stored eval.json). */
export async function scoreRunOnTestSet(run: Run, test: LabelledImages): Promise<TestEvaluation> {
  const { model, step, rule } = await loadRunModel(run);
  const backend = await initBackend();
  const predictor = choosePredictor(model);
  const { predictions, ...e } = evaluateModel(predictor.predict, test);
  predictor.close();
  model.dispose();
  return {
    run: run.name,
    step,
    checkpoint: rule,
    backend: backend.name,
    engine: predictor.engine,
    evaluatedAt: new Date().toISOString(),
    ...e,
    predictions: Array.from(predictions).join(""),
  };
}

/**
 * A fresh test score set against the one its run's eval.json holds: whether the accuracy is the
 * same, by how many images it differs, and how many predictions changed (where both have them).
 */
export function rescoreSummary(fresh: TestEvaluation, stored: TestEvaluation): string {
  const n = fresh.predictions?.length ?? 0;
  const images = (x: number) => Math.round(x * n);
  const delta = n ? images(fresh.accuracy) - images(stored.accuracy) : 0;
  const same =
    fresh.accuracy === stored.accuracy
      ? "reproduced exactly"
      : `this score differs by ${(100 * Math.abs(fresh.accuracy - stored.accuracy)).toFixed(2)} points${n ? ` (${Math.abs(delta)} image${Math.abs(delta) === 1 ? "" : "s"} ${delta > 0 ? "more" : "fewer"} right)` : ""}`;
  const changed =
    stored.predictions?.length === n && n > 0
      ? `; ${[...fresh.predictions!].filter((c, i) => c !== stored.predictions![i]).length.toLocaleString("en-US")} of ${n.toLocaleString("en-US")} predictions differ`
      : "";
  const how = `evaluated ${stored.evaluatedAt?.slice(0, 10) ?? "at an unrecorded date"}, ${stored.engine ?? "eager"} inference`;
  return `the stored ${RUN_FILES.eval} (${how}) holds ${(100 * stored.accuracy).toFixed(2)}%: ${same}${changed}`;
}

/** Writes the model in TensorFlow.js' layers format (model.json + weights.bin) with a meta.json. */
export async function exportModel(
  model: tf.LayersModel,
  dir: string,
  meta: Record<string, unknown>,
): Promise<string[]> {
  const files: string[] = [];
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = new Uint8Array(artifacts.weightData as ArrayBuffer);
      writeFileAtomic(join(dir, "weights.bin"), weights);
      writeJsonAtomic(join(dir, "model.json"), {
        format: "layers-model",
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs }],
      });
      files.push(join(dir, "model.json"), join(dir, "weights.bin"));
      return {
        modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON", weightDataBytes: weights.byteLength },
      };
    }),
  );
  writeJsonAtomic(join(dir, "meta.json"), meta);
  files.push(join(dir, "meta.json"));
  return files;
}
