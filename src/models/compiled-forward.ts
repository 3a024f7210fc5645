/**
 * A model's forward pass as TensorFlow graph ops, read from the built tfjs model itself: one
 * entry per layer class (the same table tfjs-layers keeps from class name to layer), each
 * emitting the TensorFlow ops that the eager layer runs (Conv2D, FusedBatchNormV3, MaxPool, …).
 * Training mode gives batch norm's batch statistics back for the moving-average update and
 * takes each dropout layer's mask as an input, so the compiled step draws the same masks.
 */
import type * as tf from "@tensorflow/tfjs";
import { DT, intTensor, type Attr, type Output, type TfGraph } from "../runtime/tf-graph.js";

/** What a forward pass needs from outside: each weight's value and, in training, each dropout mask. */
export interface ForwardInputs {
  read(weight: tf.LayerVariable): Output;
  /** The keep-mask multiplier (0 or 1/keep) of a dropout layer, fed per step. */
  dropoutMask(layer: tf.layers.Layer): Output;
}

/** A batch norm's batch statistics in training mode. */
export interface BatchStatistics {
  layer: tf.layers.Layer;
  mean: Output;
  variance: Output;
}

export interface Forward {
  output: Output;
  batchStatistics: BatchStatistics[];
}

type Config = Record<string, unknown>;
interface LayerContext {
  g: TfGraph;
  layer: tf.layers.Layer;
  config: Config;
  inputs: Output[];
  training: boolean;
  weight(suffix: string): Output;
  io: ForwardInputs;
  statistics: BatchStatistics[];
}

const FLOAT: Attr = ["T", "type", DT.float32];
const NHWC: Attr = ["data_format", "string", "NHWC"];

function pair(v: unknown): [number, number] {
  return Array.isArray(v) ? [v[0], v[1] ?? v[0]] : [v as number, v as number];
}

function spatial(name: string, v: unknown): Attr {
  const [a, b] = pair(v);
  return [name, "ints", [1, a, b, 1]];
}

function padding(config: Config): Attr {
  return ["padding", "string", String(config.padding).toUpperCase()];
}

function outputShape(layer: tf.layers.Layer): number[] {
  return (layer.outputShape as (number | null)[]).map((d) => d ?? -1);
}

function withBias(c: LayerContext, y: Output): Output {
  if (!c.config.useBias) return y;
  return c.g.op("BiasAdd", [y, c.weight("bias")], [FLOAT, NHWC]);
}

function linearOnly(c: LayerContext): void {
  const activation = c.config.activation ?? "linear";
  if (activation !== "linear")
    throw new Error(
      `compiled forward: layer ${c.layer.name} has activation '${String(activation)}'; only linear is built`,
    );
}

function batchNorm(c: LayerContext): Output {
  const x = c.inputs[0];
  const shape = outputShape(c.layer);
  const channels = shape[shape.length - 1];
  const flat = shape.length === 2;
  const x4 = flat ? c.g.op("Reshape", [x, c.g.ints([-1, 1, 1, channels])], [FLOAT]) : x;
  const attrs: Attr[] = [
    FLOAT,
    ["U", "type", DT.float32],
    ["epsilon", "float", c.config.epsilon as number],
    NHWC,
    ["is_training", "bool", c.training],
    ["exponential_avg_factor", "float", 1],
  ];
  const gamma = c.weight("gamma");
  const beta = c.weight("beta");
  let y: Output;
  if (c.training) {
    const empty = c.g.constant({ dtype: DT.float32, shape: [0], data: new Float32Array(0) });
    const outs = c.g.ops("FusedBatchNormV3", [x4, gamma, beta, empty, empty], attrs);
    y = outs[0];
    c.statistics.push({ layer: c.layer, mean: outs[1], variance: outs[2] });
  } else {
    const mean = c.weight("moving_mean");
    const variance = c.weight("moving_variance");
    y = c.g.ops("FusedBatchNormV3", [x4, gamma, beta, mean, variance], attrs)[0];
  }
  return flat ? c.g.op("Reshape", [y, c.g.ints([-1, channels])], [FLOAT]) : y;
}

function pool(c: LayerContext, type: "MaxPool" | "AvgPool"): Output {
  return c.g.op(
    type,
    [c.inputs[0]],
    [
      FLOAT,
      spatial("ksize", c.config.poolSize),
      spatial("strides", c.config.strides ?? c.config.poolSize),
      padding(c.config),
      NHWC,
    ],
  );
}

/** Layer class name → the ops it runs. A layer class the study adds is one entry here and its test. */
const LAYER_OPS: Record<string, (c: LayerContext) => Output> = {
  Conv2D: (c) => {
    linearOnly(c);
    const y = c.g.op(
      "Conv2D",
      [c.inputs[0], c.weight("kernel")],
      [
        FLOAT,
        spatial("strides", c.config.strides),
        padding(c.config),
        NHWC,
        spatial("dilations", c.config.dilationRate),
      ],
    );
    return withBias(c, y);
  },
  Dense: (c) => {
    linearOnly(c);
    return withBias(c, c.g.op("MatMul", [c.inputs[0], c.weight("kernel")], [FLOAT]));
  },
  BatchNormalization: batchNorm,
  ReLU: (c) => c.g.op("Relu", [c.inputs[0]], [FLOAT]),
  MaxPooling2D: (c) => pool(c, "MaxPool"),
  AveragePooling2D: (c) => pool(c, "AvgPool"),
  Concatenate: (c) =>
    c.g.op(
      "ConcatV2",
      [c.inputs, c.g.constant(intTensor([outputShape(c.layer).length - 1], []))],
      [FLOAT, ["N", "int", c.inputs.length], ["Tidx", "type", DT.int32]],
    ),
  Add: (c) =>
    c.inputs.length === 2
      ? c.g.op("AddV2", c.inputs, [FLOAT])
      : c.g.op("AddN", [c.inputs], [FLOAT, ["N", "int", c.inputs.length]]),
  Flatten: (c) => c.g.op("Reshape", [c.inputs[0], c.g.ints([-1, outputShape(c.layer)[1]])], [FLOAT]),
  Dropout: (c) => (c.training ? c.g.op("Mul", [c.inputs[0], c.io.dropoutMask(c.layer)], [FLOAT]) : c.inputs[0]),
};

/** The layer classes the compiled forward can build. */
export const COMPILED_LAYER_CLASSES = Object.keys(LAYER_OPS);

/** Builds `model`'s forward pass on `input` in graph `g`, in training or inference mode. */
export function buildForward(
  g: TfGraph,
  model: tf.LayersModel,
  input: Output,
  training: boolean,
  io: ForwardInputs,
): Forward {
  const outputs = new Map<string, Output>();
  const statistics: BatchStatistics[] = [];
  for (const layer of model.layers) {
    const className = layer.getClassName();
    const parents = layer.inboundNodes[0]?.inboundLayers ?? [];
    if (className === "InputLayer") {
      outputs.set(layer.name, input);
      continue;
    }
    const build = LAYER_OPS[className];
    if (!build) throw new Error(`compiled forward: no graph ops for layer class ${className} (${layer.name})`);
    const weights = new Map(layer.weights.map((w) => [w.originalName.split("/").pop()!, w]));
    const context: LayerContext = {
      g,
      layer,
      config: layer.getConfig() as Config,
      inputs: parents.map((p) => outputs.get(p.name)!),
      training,
      io,
      statistics,
      weight: (suffix) => {
        const w = weights.get(suffix);
        if (!w) throw new Error(`compiled forward: layer ${layer.name} has no weight '${suffix}'`);
        return io.read(w);
      },
    };
    outputs.set(
      layer.name,
      g.scope(layer.name, () => build(context)),
    );
  }
  const last = model.outputs[0].sourceLayer.name;
  return { output: outputs.get(last)!, batchStatistics: statistics };
}

/** The model's output (class probabilities) and predicted class for `images`, in inference mode. */
export function buildClassifier(
  g: TfGraph,
  model: tf.LayersModel,
  images: Output,
  read: ForwardInputs["read"],
): { probabilities: Output; classes: Output } {
  return g.scope("inference", () => {
    const forward = buildForward(g, model, images, false, {
      read,
      dropoutMask: () => {
        throw new Error("inference has no dropout");
      },
    });
    const classes = g.op(
      "ArgMax",
      [forward.output, g.constant(intTensor([1], []))],
      [
        ["T", "type", DT.float32],
        ["Tidx", "type", DT.int32],
        ["output_type", "type", DT.int32],
      ],
    );
    return { probabilities: forward.output, classes };
  });
}
