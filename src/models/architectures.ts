/** The five architectures of the study, built by name (see DESIGN.md for the exact layers). */
import * as tf from "@tensorflow/tfjs";
import { IMAGE_SIZE, MODEL_NAMES, type ModelName } from "../config.js";
import {
  classifierHead,
  convBn,
  inceptionA,
  inceptionResnetBlock,
  maxPool,
  LayerFactory,
  reductionA,
  resnetConvBlock,
  resnetIdentityBlock,
  type T,
} from "./blocks.js";

const FEATURES: Record<ModelName, (f: LayerFactory, x: T) => T> = {
  simple_model_1: (f, x) => {
    x = convBn(f, x, 8, 3);
    x = convBn(f, x, 16, 3);
    x = maxPool(f, x, 2, 2);
    x = convBn(f, x, 32, 3);
    x = maxPool(f, x, 2, 2);
    return convBn(f, x, 32, 2, { padding: "same" });
  },
  simple_model_2: (f, x) => {
    x = convBn(f, x, 16, 7);
    x = convBn(f, x, 32, 7);
    x = convBn(f, x, 64, 7);
    x = convBn(f, x, 64, 5);
    return convBn(f, x, 128, 3);
  },
  inception: (f, x) => {
    x = convBn(f, x, 16, 3);
    x = convBn(f, x, 16, 3);
    x = inceptionA(f, x, 16);
    x = reductionA(f, x, 32);
    x = reductionA(f, x, 32);
    return convBn(f, x, 48, 1);
  },
  resnet: (f, x) => {
    x = convBn(f, x, 16, 3);
    x = convBn(f, x, 32, 3);
    x = resnetConvBlock(f, x, 64);
    x = resnetIdentityBlock(f, resnetIdentityBlock(f, x));
    x = maxPool(f, x, 3, 2, "same");
    x = resnetConvBlock(f, x, 128);
    x = resnetIdentityBlock(f, resnetIdentityBlock(f, x));
    return maxPool(f, x, 3, 2, "same");
  },
  inception_resnet: (f, x) => {
    x = convBn(f, x, 16, 3);
    x = convBn(f, x, 32, 3);
    x = inceptionResnetBlock(f, inceptionResnetBlock(f, x, 32), 32);
    x = reductionA(f, x, 32);
    x = inceptionResnetBlock(f, inceptionResnetBlock(f, x, 32), 32);
    return reductionA(f, x, 32);
  },
};

/**
 * The building blocks the original drew, each as a small model of one block at the width it
 * has in its architecture (for diagrams and tests).
 */
export const BLOCKS = {
  "Inception-A": { model: "inception", input: [24, 24, 16], build: (f: LayerFactory, x: T) => inceptionA(f, x, 16) },
  "Reduction-A": { model: "inception", input: [24, 24, 64], build: (f: LayerFactory, x: T) => reductionA(f, x, 32) },
  "ResNet conv block": {
    model: "resnet",
    input: [24, 24, 32],
    build: (f: LayerFactory, x: T) => resnetConvBlock(f, x, 64),
  },
  "ResNet identity block": {
    model: "resnet",
    input: [24, 24, 64],
    build: (f: LayerFactory, x: T) => resnetIdentityBlock(f, x),
  },
  "Inception-ResNet block": {
    model: "inception_resnet",
    input: [24, 24, 32],
    build: (f: LayerFactory, x: T) => inceptionResnetBlock(f, x, 32),
  },
} satisfies Record<string, { model: ModelName; input: [number, number, number]; build: (f: LayerFactory, x: T) => T }>;
export type BlockName = keyof typeof BLOCKS;

/** One building block as a model of its own (input → block). */
export function buildBlockModel(name: BlockName): tf.LayersModel {
  const block = BLOCKS[name];
  const f = new LayerFactory(0);
  const input = tf.input({ shape: block.input, name: "input" });
  return tf.model({ inputs: input, outputs: block.build(f, input), name: name.replace(/\W+/g, "_") });
}

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
  const f = new LayerFactory(seed);
  const input = tf.input({ shape: [IMAGE_SIZE, IMAGE_SIZE, 1], name: "image" });
  const model = tf.model({ inputs: input, outputs: classifierHead(f, FEATURES[name](f, input)), name });
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
