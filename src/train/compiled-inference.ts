/**
 * Inference as one TensorFlow graph: a trained model's forward pass in inference mode (moving
 * statistics, no dropout), its weights held as constants, run as one session call per batch.
 * Test evaluation, dev predictions and the report's predictions use it where the compiled path
 * can run (the training step's dev evaluation builds the same `buildClassifier`); tfjs' op-by-op
 * `model.predict` stays the reference and the fallback.
 */
import type * as tf from "@tensorflow/tfjs";
import { IMAGE_SIZE } from "../config.js";
import {
  floatTensor,
  loadTfGraph,
  sessionConfig,
  TfGraph,
  type HostTensor,
  type Output,
  type TfSession,
} from "../runtime/tf-graph.js";
import { buildClassifier } from "../models/compiled-forward.js";
import { compiledUnavailable, type Engine } from "./compiled-step.js";
import { modelPredictor, type BatchPredictor } from "./evaluate.js";
import { unrecordedEngine } from "./engine.js";

export class CompiledPredictor {
  private constructor(
    private readonly session: TfSession,
    private readonly io: { images: Output; probabilities: Output; classes: Output },
  ) {}

  /** Builds `model`'s inference graph from its current weights; throws where the compiled path cannot run. */
  static build(model: tf.LayersModel): CompiledPredictor {
    const why = compiledUnavailable();
    if (why) throw new Error(`compiled inference is unavailable: ${why}`);
    const g = new TfGraph(loadTfGraph()!);
    const constants = new Map(
      model.weights.map((w) => [
        w.name,
        g.constant(floatTensor(w.read().dataSync() as Float32Array, w.shape as number[]), `weights/${w.name}`),
      ]),
    );
    const images = g.placeholder("images", [-1, IMAGE_SIZE, IMAGE_SIZE, 1]);
    const { probabilities, classes } = buildClassifier(g, model, images, (w) => constants.get(w.name)!);
    return new CompiledPredictor(g.session(sessionConfig(0, 0)), { images, probabilities, classes });
  }

  /** The model's output for `count` images: `count` rows of class probabilities. */
  probabilities(images: Float32Array, count: number): Float32Array {
    return this.run(images, count, this.io.probabilities) as Float32Array;
  }

  /** The predicted class of each of `count` images. */
  predict(images: Float32Array, count: number): Int32Array {
    return this.run(images, count, this.io.classes) as Int32Array;
  }

  private run(images: Float32Array, count: number, output: Output): HostTensor["data"] {
    const [out] = this.session.run(
      [[this.io.images, floatTensor(images, [count, IMAGE_SIZE, IMAGE_SIZE, 1])]],
      [output],
    );
    return out.data;
  }

  close(): void {
    this.session.close();
  }
}

/** A model's predictor on the path that runs it: compiled where it can, eager where it cannot or FMNIST_ENGINE=eager. */
export interface ChosenPredictor {
  predict: BatchPredictor;
  engine: Engine;
  close(): void;
}

/**
 * The predictor for `model`: compiled by default where the compiled path runs here, the eager
 * reference where it does not or where `requested` (FMNIST_ENGINE) says eager. Both paths give
 * the same classes (tested); the engine is recorded beside the results.
 */
export function choosePredictor(
  model: tf.LayersModel,
  requested: string | undefined = process.env.FMNIST_ENGINE,
): ChosenPredictor {
  if (unrecordedEngine(requested, compiledUnavailable()) === "eager")
    return { predict: modelPredictor(model), engine: "eager", close: () => {} };
  const compiled = CompiledPredictor.build(model);
  return { predict: (x, n) => compiled.predict(x, n), engine: "compiled", close: () => compiled.close() };
}
