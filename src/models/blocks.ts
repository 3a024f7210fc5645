/**
 * The building blocks every architecture shares, as the original's slim code builds them:
 * every conv and FC is conv (no bias) → batch norm (γ fixed at 1) → ReLU, kernels start
 * Glorot-uniform (slim's xavier_initializer), and a residual add has no ReLU after it. The one
 * exception is the Inception-ResNet block's linear 1×1 (with bias, no batch norm, no ReLU).
 */
import * as tf from "@tensorflow/tfjs";
import { BATCH_NORM, DROPOUT_RATE, HIDDEN_UNITS, NUM_CLASSES } from "../config.js";
import { NativeBatchNormalization } from "./native-batch-norm.js";
import { NativeMaxPooling2D } from "./native-max-pool.js";
import { SeededDropout } from "./seeded-dropout.js";
import { UnfusedConv2D } from "./unfused-conv2d.js";
import { Rng } from "../util/random.js";

export type T = tf.SymbolicTensor;
type Padding = "valid" | "same";

interface ConvOptions {
  strides?: number;
  padding?: Padding;
}

/**
 * Makes the layers of one model: names numbered per kind ("conv_1", "bn_1", …), so summaries
 * read the same every build, and each kernel's initial weights seeded by (model seed, layer
 * number), so the same seed builds the same model (tfjs' initializers otherwise draw their
 * seed from Math.random). One factory per build.
 */
export class LayerFactory {
  private readonly counters = new Map<string, number>();
  private initialised = 0;

  constructor(private readonly seed: number) {}

  name(kind: string): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return `${kind}_${n}`;
  }

  /** Glorot-uniform (slim's xavier_initializer), seeded by the next layer number. */
  kernelInitializer(): ReturnType<typeof tf.initializers.glorotUniform> {
    return tf.initializers.glorotUniform({ seed: new Rng(this.seed, 0x1717, ++this.initialised).nextUint32() });
  }
}

export function batchNorm(f: LayerFactory, x: T): T {
  // scale: true with γ frozen after the build (architectures.ts): tfjs-layers 4.22 crashes in
  // training with scale: false.
  return new NativeBatchNormalization({
    name: f.name("bn"),
    momentum: BATCH_NORM.momentum,
    epsilon: BATCH_NORM.epsilon,
  }).apply(x) as T;
}

export function relu(f: LayerFactory, x: T): T {
  return tf.layers.reLU({ name: f.name("relu") }).apply(x) as T;
}

/** slim.conv2d with batch norm: conv (no bias) → batch norm → ReLU. */
export function convBn(f: LayerFactory, x: T, filters: number, kernel: number, opts: ConvOptions = {}): T {
  const conv = new UnfusedConv2D({
    name: f.name("conv"),
    filters,
    kernelSize: kernel,
    strides: opts.strides ?? 1,
    padding: opts.padding ?? "valid",
    useBias: false,
    kernelInitializer: f.kernelInitializer(),
  });
  return relu(f, batchNorm(f, conv.apply(x) as T));
}

export function maxPool(f: LayerFactory, x: T, size: number, stride: number, padding: Padding = "valid"): T {
  return new NativeMaxPooling2D({ name: f.name("maxpool"), poolSize: size, strides: stride, padding }).apply(x) as T;
}

function concat(f: LayerFactory, xs: T[]): T {
  return tf.layers.concatenate({ name: f.name("concat"), axis: -1 }).apply(xs) as T;
}

/** A residual sum, with no activation after it (as the original's `net + branch`). */
function add(f: LayerFactory, xs: T[]): T {
  return tf.layers.add({ name: f.name("add") }).apply(xs) as T;
}

function channels(x: T): number {
  return x.shape[x.shape.length - 1] as number;
}

/** FC (no bias) → batch norm, and ReLU unless it is the logits layer. */
function fcBn(f: LayerFactory, x: T, units: number, reluAfter: boolean): T {
  const fc = tf.layers.dense({ name: f.name("fc"), units, useBias: false, kernelInitializer: f.kernelInitializer() });
  const y = batchNorm(f, fc.apply(x) as T);
  return reluAfter ? relu(f, y) : y;
}

/** Flatten → dropout → FC 128 → BN → ReLU → dropout → FC 10 → BN: the batch-normed logits. */
export function classifierHead(f: LayerFactory, x: T): T {
  const dropout = (y: T) => new SeededDropout({ name: f.name("dropout"), rate: DROPOUT_RATE }).apply(y) as T;
  let y = tf.layers.flatten({ name: f.name("flatten") }).apply(x) as T;
  y = fcBn(f, dropout(y), HIDDEN_UNITS, true);
  return fcBn(f, dropout(y), NUM_CLASSES, false);
}

/** Inception-A: 1×1→3×3→3×3 | 1×1→3×3 | avgpool→3×3 | 1×1, each `width` channels. */
export function inceptionA(f: LayerFactory, x: T, width: number): T {
  const s = { padding: "same" as const };
  const t1 = convBn(f, convBn(f, convBn(f, x, width, 1, s), width, 3, s), width, 3, s);
  const t2 = convBn(f, convBn(f, x, width, 1, s), width, 3, s);
  const pooled = tf.layers
    .averagePooling2d({ name: f.name("avgpool"), poolSize: 3, strides: 1, padding: "same" })
    .apply(x) as T;
  const t3 = convBn(f, pooled, width, 3, s);
  const t4 = convBn(f, x, width, 1, s);
  return concat(f, [t1, t2, t3, t4]);
}

/** Reduction-A: 1×1→3×3→3×3/2 | 3×3/2 | maxpool 3×3/2; outputs 2·width + input channels. */
export function reductionA(f: LayerFactory, x: T, width: number): T {
  const s = { padding: "same" as const };
  const t1 = convBn(f, convBn(f, convBn(f, x, width, 1, s), width, 3, s), width, 3, { strides: 2, padding: "same" });
  const t2 = convBn(f, x, width, 3, { strides: 2, padding: "same" });
  const t3 = maxPool(f, x, 3, 2, "same");
  return concat(f, [t1, t2, t3]);
}

/** ResNet conv block: 1×1→3×3→1×1 main path plus a 1×1 projection shortcut, each conv→BN→ReLU; the sum. */
export function resnetConvBlock(f: LayerFactory, x: T, filters: number): T {
  const s = { padding: "same" as const };
  const main = convBn(f, convBn(f, convBn(f, x, filters, 1, s), filters, 3, s), filters, 1, s);
  const shortcut = convBn(f, x, filters, 1, s);
  return add(f, [main, shortcut]);
}

/** ResNet identity block: 1×1→3×3→1×1 main path (each conv→BN→ReLU) plus the input. */
export function resnetIdentityBlock(f: LayerFactory, x: T): T {
  const c = channels(x);
  const s = { padding: "same" as const };
  const main = convBn(f, convBn(f, convBn(f, x, c, 1, s), c, 3, s), c, 1, s);
  return add(f, [x, main]);
}

/**
 * Inception-ResNet block: towers 1×1 | 1×1→3×3 | 1×1→3×3→3×3 (each `width`), concatenated,
 * a linear 1×1 conv (with bias, no BN/ReLU) back to the input width, added to the input.
 */
export function inceptionResnetBlock(f: LayerFactory, x: T, width: number): T {
  const s = { padding: "same" as const };
  const t1 = convBn(f, x, width, 1, s);
  const t2 = convBn(f, convBn(f, x, width, 1, s), width, 3, s);
  const t3 = convBn(f, convBn(f, convBn(f, x, width, 1, s), width, 3, s), width, 3, s);
  const linear = tf.layers.conv2d({
    name: f.name("conv_linear"),
    filters: channels(x),
    kernelSize: 1,
    padding: "same",
    useBias: true,
    kernelInitializer: f.kernelInitializer(),
  });
  return add(f, [x, linear.apply(concat(f, [t1, t2, t3])) as T]);
}
