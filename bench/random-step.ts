/**
 * The benchmarks' training step: batch 64 of random images and labels, Adam, cross-entropy,
 * the loss read back each step (as the training loop does); and inference on 500 random
 * images. On either training path: tfjs op by op, or the compiled step.
 */
import * as tf from "@tensorflow/tfjs";
import { IMAGE_SIZE, NUM_CLASSES } from "../src/config.js";
import { CompiledStep } from "../src/train/compiled-step.js";
import { crossEntropy } from "../src/train/losses.js";
import { Tf1Adam } from "../src/train/optimizer.js";
import { Rng } from "../src/util/random.js";

const BATCH = 64;
const EVAL_BATCH = 500;

export interface BenchStep {
  step: () => void;
  predict: () => void;
  dispose: () => void;
}

export interface CompiledBenchStep extends BenchStep {
  /** One step traced by TensorFlow: its serialized RunMetadata. */
  trace: () => Uint8Array;
}

export function randomTrainingStep(model: tf.LayersModel): BenchStep {
  const opt = tf.train.adam(5e-4);
  const x = tf.randomUniform([BATCH, IMAGE_SIZE, IMAGE_SIZE, 1]);
  const y = tf.oneHot(tf.randomUniform([BATCH], 0, NUM_CLASSES, "int32") as tf.Tensor1D, NUM_CLASSES) as tf.Tensor2D;
  const xe = tf.randomUniform([EVAL_BATCH, IMAGE_SIZE, IMAGE_SIZE, 1]);
  return {
    step: () =>
      tf.tidy(
        () =>
          void opt.minimize(() => crossEntropy(y, model.apply(x, { training: true }) as tf.Tensor2D), true)!.dataSync(),
      ),
    predict: () => tf.tidy(() => void (model.predict(xe) as tf.Tensor).dataSync()),
    dispose: () => {
      opt.dispose();
      tf.dispose([x, y, xe]);
    },
  };
}

export function randomCompiledStep(model: tf.LayersModel): CompiledBenchStep {
  const adam = new Tf1Adam(5e-4);
  const compiled = CompiledStep.build(model, "cross_entropy", BATCH);
  compiled.importState(adam.optimizer);
  const rng = new Rng(0);
  const pixels = IMAGE_SIZE * IMAGE_SIZE;
  const images = Float32Array.from({ length: BATCH * pixels }, () => rng.next());
  const labels = Int32Array.from({ length: BATCH }, () => rng.int(NUM_CLASSES));
  const evalImages = Float32Array.from({ length: EVAL_BATCH * pixels }, () => rng.next());
  let n = 0;
  return {
    step: () => void compiled.step(images, labels, 5e-4, 0, n++),
    trace: () => compiled.traceStep(images, labels, 5e-4, 0, n++),
    predict: () => void compiled.predict(evalImages, EVAL_BATCH),
    dispose: () => {
      compiled.close();
      adam.optimizer.dispose();
    },
  };
}
