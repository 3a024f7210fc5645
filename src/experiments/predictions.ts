/**
 * A finished dev run's predictions on the dev set, image by image, from its selected (best-dev)
 * checkpoint: read from `dev-predictions.json`, or computed once from the checkpoint where the
 * file is missing (runs trained before it was written) and stored. Paired comparisons between
 * runs (stats.ts) use them.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { writeJsonAtomic } from "../util/atomic.js";
import { loadTrainingSet, subset, type LabelledImages } from "../data/dataset.js";
import { originalSplit, splitFingerprint } from "../data/split.js";
import { choosePredictor } from "../train/compiled-inference.js";
import { predictClasses } from "../train/evaluate.js";
import {
  bestCheckpointName,
  predictionsProblem,
  readRunJson,
  RUN_FILES,
  type PredictionsFile,
} from "../train/run-files.js";
import { heldOutPerClass } from "../train/spec.js";
import { loadRunModel } from "./run-model.js";
import type { Run } from "./store.js";

export interface DevPredictions {
  step: number;
  /** Fingerprint of the dev images, in sorted-index order. */
  images: string;
  labels: Uint8Array;
  predictions: Uint8Array;
}

/** The dev set of a run's config: images in sorted-index order, and their fingerprint. */
export function devSetOf(run: Run, train: LabelledImages): { dev: LabelledImages; images: string } {
  const split = originalSplit(train.labels, heldOutPerClass(run.config));
  return { dev: subset(train, split.heldOut), images: splitFingerprint(split.heldOut) };
}

/**
 * The run's dev predictions at its best step, or null where neither the file nor the best
 * checkpoint is there (checkpoints are not committed).
 */
export async function devPredictions(
  run: Run,
  train: LabelledImages = loadTrainingSet(),
): Promise<DevPredictions | null> {
  const best = run.done?.best;
  if (run.config.split !== "dev" || !best) return null;
  const { dev, images } = devSetOf(run, train);
  const path = join(run.dir, RUN_FILES.devPredictions);
  const stored = readRunJson<PredictionsFile>(
    path,
    predictionsProblem,
    `remove it; it is computed again from ${bestCheckpointName(best.step)} where that checkpoint exists`,
  );
  if (stored && stored.step === best.step && stored.images === images && stored.predictions.length === dev.count) {
    return {
      step: stored.step,
      images,
      labels: dev.labels,
      predictions: Uint8Array.from(stored.predictions, (c) => Number(c)),
    };
  }
  if (!existsSync(join(run.dir, bestCheckpointName(best.step)))) return null;
  const { model } = await loadRunModel(run);
  const predictor = choosePredictor(model);
  const predictions = Uint8Array.from(predictClasses(predictor.predict, dev));
  predictor.close();
  model.dispose();
  writeJsonAtomic(path, {
    step: best.step,
    images,
    predictions: Array.from(predictions).join(""),
  } satisfies PredictionsFile);
  return { step: best.step, images, labels: dev.labels, predictions };
}
