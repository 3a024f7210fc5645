/** The five architectures of the study, built by name (see DESIGN.md for the exact layers). */
import * as tf from "@tensorflow/tfjs";
import { IMAGE_SIZE, MODEL_NAMES, type ModelName } from "../config.js";
import {
  classifierHead,
  convBn,
  inceptionA,
  inceptionResnetBlock,
  maxPool,
  reductionA,
  resnetConvBlock,
  resnetIdentityBlock,
  startModel,
  type T,
} from "./blocks.js";

const FEATURES: Record<ModelName, (x: T) => T> = {
  simple_model_1: (x) => {
    x = convBn(x, 8, 3);
    x = convBn(x, 16, 3);
    x = maxPool(x, 2, 2);
    x = convBn(x, 32, 3);
    x = maxPool(x, 2, 2);
    return convBn(x, 32, 2, { padding: "same" });
  },
  simple_model_2: (x) => {
    x = convBn(x, 16, 7);
    x = convBn(x, 32, 7);
    x = convBn(x, 64, 7);
    x = convBn(x, 64, 5);
    return convBn(x, 128, 3);
  },
  inception: (x) => {
    x = convBn(x, 16, 3);
    x = convBn(x, 16, 3);
    x = inceptionA(x, 16);
    x = reductionA(x, 32);
    x = reductionA(x, 32);
    return convBn(x, 48, 1);
  },
  resnet: (x) => {
    x = convBn(x, 16, 3);
    x = convBn(x, 32, 3);
    x = resnetConvBlock(x, 64);
    x = resnetIdentityBlock(resnetIdentityBlock(x));
    x = maxPool(x, 3, 2, "same");
    x = resnetConvBlock(x, 128);
    x = resnetIdentityBlock(resnetIdentityBlock(x));
    return maxPool(x, 3, 2, "same");
  },
  inception_resnet: (x) => {
    x = convBn(x, 16, 3);
    x = convBn(x, 32, 3);
    x = inceptionResnetBlock(inceptionResnetBlock(x, 32), 32);
    x = reductionA(x, 32);
    x = inceptionResnetBlock(inceptionResnetBlock(x, 32), 32);
    return reductionA(x, 32);
  },
};

export function assertModelName(name: string): asserts name is ModelName {
  if (!(MODEL_NAMES as readonly string[]).includes(name)) {
    throw new Error(`unknown model '${name}'; expected one of ${MODEL_NAMES.join(", ")}`);
  }
}

/**
 * Builds a fresh model whose output is the batch-normed logits, shape [batch, 10]; `seed` fixes
 * its initial weights (the same seed, the same weights).
 */
export function buildModel(name: string, seed = 0): tf.LayersModel {
  assertModelName(name);
  startModel(seed);
  const input = tf.input({ shape: [IMAGE_SIZE, IMAGE_SIZE, 1], name: "image" });
  const model = tf.model({ inputs: input, outputs: classifierHead(FEATURES[name](input)), name });
  freezeBatchNormScale(model);
  return model;
}

/** Keeps every batch norm's γ at 1 (not trained), so only β trains, as in the original. */
function freezeBatchNormScale(model: tf.LayersModel): void {
  for (const layer of model.layers) {
    if (layer.getClassName() === "BatchNormalization") {
      for (const w of layer.weights) if (w.originalName.endsWith("gamma")) w.trainable = false;
    }
  }
}

export function countTrainableParams(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a, b) => (a as number) * (b as number), 1)!, 0);
}
