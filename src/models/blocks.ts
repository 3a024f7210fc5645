/**
 * The building blocks every architecture shares: conv → batch norm (→ ReLU), the FC head,
 * and the Inception / ResNet / Inception-ResNet blocks. Convs carry no bias (batch norm's β
 * takes its place) and batch norm keeps γ fixed at 1, as in the original.
 */
import * as tf from "@tensorflow/tfjs";
import { BATCH_NORM, DROPOUT_RATE, HIDDEN_UNITS, NUM_CLASSES } from "../config.js";
import { NativeBatchNormalization } from "./native-batch-norm.js";
import { NativeMaxPooling2D } from "./native-max-pool.js";
import { SeededDropout } from "./seeded-dropout.js";
import { UnfusedConv2D } from "./unfused-conv2d.js";
import { Rng } from "../random.js";

export type T = tf.SymbolicTensor;

/**
 * Layer names numbered per model ("conv_1", "bn_1", …), so summaries read the same every build,
 * and the seed of each layer's initial weights: (model seed, layer number), so the same seed
 * builds the same model (tfjs' initializers draw an unseeded seed from Math.random).
 */
const counters = new Map<string, number>();
let modelSeed = 0;
let initialisedLayers = 0;
export function startModel(seed: number): void {
  counters.clear();
  modelSeed = seed;
  initialisedLayers = 0;
}
function initSeed(): number {
  return new Rng(modelSeed, 0x1717, ++initialisedLayers).nextUint32();
}
function nameOf(kind: string): string {
  const n = (counters.get(kind) ?? 0) + 1;
  counters.set(kind, n);
  return `${kind}_${n}`;
}
type Padding = "valid" | "same";

interface ConvOptions {
  strides?: number;
  padding?: Padding;
  relu?: boolean;
}

export function batchNorm(x: T): T {
  // scale: true with γ frozen after the build (see freezeBatchNormScale): tfjs-layers 4.22
  // crashes in training with scale: false.
  return new NativeBatchNormalization({ name: nameOf("bn"), momentum: BATCH_NORM.momentum, epsilon: BATCH_NORM.epsilon }).apply(x) as T;
}

export function relu(x: T): T {
  return tf.layers.reLU({ name: nameOf("relu") }).apply(x) as T;
}

/** Conv (no bias) → batch norm → ReLU (unless relu is false). */
export function convBn(x: T, filters: number, kernel: number, opts: ConvOptions = {}): T {
  const y = new UnfusedConv2D({ name: nameOf("conv"), filters, kernelSize: kernel, strides: opts.strides ?? 1, padding: opts.padding ?? "valid", useBias: false, kernelInitializer: tf.initializers.heNormal({ seed: initSeed() }) }).apply(x) as T;
  const z = batchNorm(y);
  return opts.relu === false ? z : relu(z);
}

export function maxPool(x: T, size: number, stride: number, padding: Padding = "valid"): T {
  return new NativeMaxPooling2D({ name: nameOf("maxpool"), poolSize: size, strides: stride, padding }).apply(x) as T;
}

export function concat(xs: T[]): T {
  return tf.layers.concatenate({ name: nameOf("concat"), axis: -1 }).apply(xs) as T;
}

export function add(xs: T[]): T {
  return tf.layers.add({ name: nameOf("add") }).apply(xs) as T;
}

function channels(x: T): number {
  return x.shape[x.shape.length - 1] as number;
}

/** Flatten → dropout → FC 128 → BN → ReLU → dropout → FC 10 → BN: the batch-normed logits. */
export function classifierHead(x: T): T {
  let y = tf.layers.flatten({ name: nameOf("flatten") }).apply(x) as T;
  y = new SeededDropout({ name: nameOf("dropout"), rate: DROPOUT_RATE }).apply(y) as T;
  y = tf.layers.dense({ name: nameOf("fc"), units: HIDDEN_UNITS, useBias: false, kernelInitializer: tf.initializers.heNormal({ seed: initSeed() }) }).apply(y) as T;
  y = relu(batchNorm(y));
  y = new SeededDropout({ name: nameOf("dropout"), rate: DROPOUT_RATE }).apply(y) as T;
  y = tf.layers.dense({ name: nameOf("fc"), units: NUM_CLASSES, useBias: false, kernelInitializer: tf.initializers.glorotUniform({ seed: initSeed() }) }).apply(y) as T;
  return batchNorm(y);
}

/** Inception-A: 1×1→3×3→3×3 | 1×1→3×3 | avgpool→3×3 | 1×1, each `width` channels. */
export function inceptionA(x: T, width: number): T {
  const s = { padding: "same" as const };
  const t1 = convBn(convBn(convBn(x, width, 1, s), width, 3, s), width, 3, s);
  const t2 = convBn(convBn(x, width, 1, s), width, 3, s);
  const pooled = tf.layers.averagePooling2d({ name: nameOf("avgpool"), poolSize: 3, strides: 1, padding: "same" }).apply(x) as T;
  const t3 = convBn(pooled, width, 3, s);
  const t4 = convBn(x, width, 1, s);
  return concat([t1, t2, t3, t4]);
}

/** Reduction-A: 1×1→3×3→3×3/2 | 3×3/2 | maxpool 3×3/2; outputs 2·width + input channels. */
export function reductionA(x: T, width: number): T {
  const s = { padding: "same" as const };
  const t1 = convBn(convBn(convBn(x, width, 1, s), width, 3, s), width, 3, { strides: 2, padding: "same" });
  const t2 = convBn(x, width, 3, { strides: 2, padding: "same" });
  const t3 = maxPool(x, 3, 2, "same");
  return concat([t1, t2, t3]);
}

/** ResNet conv block: 1×1→3×3→1×1 main path plus a 1×1 projection shortcut, then ReLU. */
export function resnetConvBlock(x: T, filters: number): T {
  const s = { padding: "same" as const };
  const main = convBn(convBn(convBn(x, filters, 1, s), filters, 3, s), filters, 1, { ...s, relu: false });
  const shortcut = convBn(x, filters, 1, { ...s, relu: false });
  return relu(add([main, shortcut]));
}

/** ResNet identity block: 1×1→3×3→1×1 main path plus the input, then ReLU. */
export function resnetIdentityBlock(x: T): T {
  const f = channels(x);
  const s = { padding: "same" as const };
  const main = convBn(convBn(convBn(x, f, 1, s), f, 3, s), f, 1, { ...s, relu: false });
  return relu(add([main, x]));
}

/**
 * Inception-ResNet block: towers 1×1 | 1×1→3×3 | 1×1→3×3→3×3 (each `width`), concatenated,
 * a linear 1×1 conv (with bias, no BN/ReLU) back to the input width, added to the input, ReLU.
 */
export function inceptionResnetBlock(x: T, width: number): T {
  const s = { padding: "same" as const };
  const t1 = convBn(x, width, 1, s);
  const t2 = convBn(convBn(x, width, 1, s), width, 3, s);
  const t3 = convBn(convBn(convBn(x, width, 1, s), width, 3, s), width, 3, s);
  const mixed = tf.layers
    .conv2d({ name: nameOf("conv_linear"), filters: channels(x), kernelSize: 1, padding: "same", useBias: true, kernelInitializer: tf.initializers.glorotNormal({ seed: initSeed() }) })
    .apply(concat([t1, t2, t3])) as T;
  return relu(add([x, mixed]));
}
