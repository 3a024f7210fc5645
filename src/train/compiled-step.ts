/**
 * The compiled training step: the whole update of one batch (forward pass, loss, gradients,
 * TF1's Adam, the batch-norm moving averages) built once as one TensorFlow graph and run as
 * one session call per batch, as tf.keras runs its compiled step. The weights and Adam's
 * moments live in the session's resource variables while training; `exportState` copies
 * them into the tfjs model and optimizer (for checkpoints and evaluation) and `importState`
 * back, so checkpoints are the eager path's and load into either path.
 *
 * Same arithmetic as the eager step (loop.ts): the same TensorFlow kernels, TF1's Adam as
 * TensorFlow's own ApplyAdam with β^t kept as the eager optimizer keeps it (a float32 running
 * product), and dropout masks from the same seeded draws, fed in.
 */
import * as tf from "@tensorflow/tfjs";
import { IMAGE_SIZE, NUM_CLASSES, type LossName } from "../config.js";
import { nativeBackend } from "../runtime/native-ops.js";
import {
  DT,
  FloatOps,
  floatTensor,
  intTensor,
  loadTfGraph,
  sessionConfig,
  TfGraph,
  type HostTensor,
  type Output,
  type TfSession,
} from "../runtime/tf-graph.js";
import { buildClassifier, buildForward } from "../models/compiled-forward.js";
import { dropoutMultiplier } from "../models/seeded-dropout.js";
import { ADAM } from "./optimizer.js";
import { LOSSES } from "./losses.js";

/** The two training paths: one TensorFlow graph per step, or tfjs' op-by-op reference. */
export const ENGINES = ["compiled", "eager"] as const;
export type Engine = (typeof ENGINES)[number];

interface StateVariable {
  name: string;
  shape: number[];
  handle: Output;
  read: Output;
  feed: Output;
  assign: string;
}

type AdamInternals = {
  accBeta1?: tf.Variable;
  accBeta2?: tf.Variable;
  accumulatedFirstMoment?: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment?: { originalName: string; variable: tf.Variable }[];
};

/** Why the compiled step cannot run here, or null when it can. */
export function compiledUnavailable(): string | null {
  if (!nativeBackend()) return `it needs the native TensorFlow backend (this process runs ${tf.getBackend()})`;
  if (!loadTfGraph()) return "its native addon is not built (run npm run setup)";
  return null;
}

function stateVariable(g: TfGraph, name: string, shape: number[]): StateVariable {
  const handle = g.op(
    "VarHandleOp",
    [],
    [
      ["dtype", "type", DT.float32],
      ["shape", "shape", shape],
      ["shared_name", "string", name],
    ],
    { name: `state/${name}` },
  );
  const read = g.op("ReadVariableOp", [handle], [["dtype", "type", DT.float32]], { name: `state/${name}/read` });
  const feed = g.placeholder(`state/${name}/value`, shape);
  const assign = g.op("AssignVariableOp", [handle, feed], [["dtype", "type", DT.float32]], {
    name: `state/${name}/assign`,
  }).op;
  return { name, shape, handle, read, feed, assign };
}

export class CompiledStep {
  private constructor(
    private readonly model: tf.LayersModel,
    private readonly session: TfSession,
    private readonly weights: Map<string, StateVariable>,
    private readonly moments: Map<string, [StateVariable, StateVariable]>,
    private readonly io: {
      images: Output;
      labels: Output;
      learningRate: Output;
      beta1Power: Output;
      beta2Power: Output;
      masks: { layer: tf.layers.Layer; feed: Output }[];
      loss: Output;
      gradients: Output[];
      train: string;
      inferenceImages: Output;
      predictions: Output;
    },
    /** β1^t and β2^t of the next update, as float32 running products (tfjs' accBeta1/2). */
    private betaPowers: [number, number],
  ) {}

  /**
   * Builds the step of `model` with loss `lossName` for batches of `batchSize` images (a known
   * batch size lets TensorFlow's graph optimiser fold every shape computation of the gradients);
   * throws when the compiled path is unavailable here.
   */
  static build(model: tf.LayersModel, lossName: LossName, batchSize = -1): CompiledStep {
    const why = compiledUnavailable();
    if (why) throw new Error(`the compiled training step is unavailable: ${why}`);
    const g = new TfGraph(loadTfGraph()!);
    const weights = new Map(model.weights.map((w) => [w.name, stateVariable(g, w.name, w.shape as number[])]));
    const trainable = model.trainableWeights.map((w) => w.name);
    const moments = new Map(
      trainable.map((name) => {
        const shape = weights.get(name)!.shape;
        return [name, [stateVariable(g, `${name}/m`, shape), stateVariable(g, `${name}/v`, shape)]] as [
          string,
          [StateVariable, StateVariable],
        ];
      }),
    );
    const byLayerVariable = (w: tf.LayerVariable) => weights.get(w.name)!.read;

    const images = g.placeholder("images", [batchSize, IMAGE_SIZE, IMAGE_SIZE, 1]);
    const labels = g.placeholder("labels", [batchSize], DT.int32);
    const learningRate = g.placeholder("learning_rate", []);
    const beta1Power = g.placeholder("beta1_power", []);
    const beta2Power = g.placeholder("beta2_power", []);
    const masks: { layer: tf.layers.Layer; feed: Output }[] = [];
    const train = g.scope("train", () => {
      const forward = buildForward(g, model, images, true, {
        read: byLayerVariable,
        dropoutMask: (layer) => {
          const feed = g.placeholder(`mask_${masks.length}`, [batchSize, ...(layer.outputShape as number[]).slice(1)]);
          masks.push({ layer, feed });
          return feed;
        },
      });
      const oneHot = g.op(
        "OneHot",
        [labels, g.constant(intTensor([NUM_CLASSES], [])), g.scalar(1), g.scalar(0)],
        [
          ["T", "type", DT.float32],
          ["TI", "type", DT.int32],
          ["axis", "int", -1],
        ],
      );
      const f = new FloatOps(g);
      const loss = LOSSES[lossName].graph()(f, oneHot, forward.output);
      const grads = g.gradients(
        [loss],
        trainable.map((name) => weights.get(name)!.read),
      );
      const beta1 = g.scalar(ADAM.beta1);
      const beta2 = g.scalar(ADAM.beta2);
      const epsilon = g.scalar(ADAM.epsilon);
      const updates = trainable.map((name, i) => {
        const [m, v] = moments.get(name)!;
        return g.op(
          "ResourceApplyAdam",
          [
            weights.get(name)!.handle,
            m.handle,
            v.handle,
            beta1Power,
            beta2Power,
            learningRate,
            beta1,
            beta2,
            epsilon,
            grads[i],
          ],
          [
            ["T", "type", DT.float32],
            ["use_locking", "bool", false],
            ["use_nesterov", "bool", false],
          ],
        ).op;
      });
      // moving ← moving − (moving − batch) · (1 − momentum), as the eager layer writes it
      const movingUpdates = forward.batchStatistics.flatMap(({ layer, mean, variance }) => {
        const decay = 1 - (layer.getConfig() as { momentum: number }).momentum;
        return (
          [
            ["moving_mean", mean],
            ["moving_variance", variance],
          ] as const
        ).map(([suffix, batch]) => {
          const state = weights.get(layer.weights.find((w) => w.originalName.endsWith(suffix))!.name)!;
          const next = f.binary("Sub", state.read, f.binary("Mul", f.binary("Sub", state.read, batch), decay));
          return g.op("AssignVariableOp", [state.handle, next], [["dtype", "type", DT.float32]]).op;
        });
      });
      const step = g.op("NoOp", [], [], { name: "step", control: [...updates, ...movingUpdates] }).op;
      return { loss, step, grads };
    });
    const inferenceImages = g.placeholder("inference_images", [-1, IMAGE_SIZE, IMAGE_SIZE, 1]);
    const predictions = buildClassifier(g, model, inferenceImages, byLayerVariable).classes;
    const session = g.session(sessionConfig(0, 0));
    const step = new CompiledStep(
      model,
      session,
      weights,
      moments,
      {
        images,
        labels,
        learningRate,
        beta1Power,
        beta2Power,
        masks,
        loss: train.loss,
        gradients: train.grads,
        train: train.step,
        inferenceImages,
        predictions,
      },
      [ADAM.beta1, ADAM.beta2],
    );
    return step;
  }

  /** Copies the tfjs model's weights and the optimizer's moments and β powers into the session. */
  importState(optimizer: tf.Optimizer): void {
    const adam = optimizer as unknown as AdamInternals;
    // tfjs' Adam keeps its moments by position (the order eagerMomentOrder gives), not by name:
    // a restored optimizer's slots carry the names of the process that saved them.
    const order = this.eagerMomentOrder();
    const [first, second] = [adam.accumulatedFirstMoment ?? [], adam.accumulatedSecondMoment ?? []];
    if (first.length > 0 && (first.length !== order.length || second.length !== order.length))
      throw new Error(
        `the optimizer holds ${first.length}/${second.length} Adam moments for a model with ${order.length} trainable weights`,
      );
    const feeds: [Output, HostTensor][] = [];
    const targets: string[] = [];
    const put = (state: StateVariable, value: tf.Tensor | null) => {
      const data = value
        ? (value.dataSync() as Float32Array)
        : new Float32Array(state.shape.reduce((a, b) => a * b, 1));
      feeds.push([state.feed, floatTensor(data, state.shape)]);
      targets.push(state.assign);
    };
    for (const w of this.model.weights) put(this.weights.get(w.name)!, w.read());
    order.forEach((name, i) => {
      const [m, v] = this.moments.get(name)!;
      put(m, first[i]?.variable ?? null);
      put(v, second[i]?.variable ?? null);
    });
    this.session.run(feeds, [], targets);
    if (adam.accBeta1 && adam.accBeta2) this.betaPowers = [adam.accBeta1.dataSync()[0], adam.accBeta2.dataSync()[0]];
  }

  /**
   * Copies the session's weights and moments into the tfjs model and optimizer, so that
   * checkpoints, evaluation and export see the trained state. `step` updates are done.
   */
  async exportState(optimizer: tf.Optimizer, step: number): Promise<void> {
    const order = [...this.weights.values()];
    const momentOrder = this.eagerMomentOrder();
    const fetched = this.session.run(
      [],
      [...order.map((s) => s.read), ...momentOrder.flatMap((name) => this.moments.get(name)!.map((s) => s.read))],
    );
    const byName = new Map(this.model.weights.map((w) => [w.name, w]));
    order.forEach((state, i) => byName.get(state.name)!.write(tf.tensor(fetched[i].data, state.shape)));
    const moments = fetched.slice(order.length);
    const first = momentOrder.map((name, i) => ({
      name: `${name}/m`,
      tensor: tf.tensor(moments[2 * i].data, this.weights.get(name)!.shape),
    }));
    const second = momentOrder.map((name, i) => ({
      name: `${name}/v`,
      tensor: tf.tensor(moments[2 * i + 1].data, this.weights.get(name)!.shape),
    }));
    const iterations = tf.scalar(step, "int32");
    await optimizer.setWeights([{ name: "iter", tensor: iterations }, ...first, ...second]);
    for (const t of [iterations, ...first.map((w) => w.tensor), ...second.map((w) => w.tensor)]) t.dispose();
    const adam = optimizer as unknown as AdamInternals;
    tf.tidy(() => {
      adam.accBeta1?.assign(tf.scalar(this.betaPowers[0]));
      adam.accBeta2?.assign(tf.scalar(this.betaPowers[1]));
    });
  }

  /**
   * The trainable weights in the order tfjs' Adam keeps their moments (the order the eager step
   * registers them: tf.engine()'s variables), so that an exported optimizer is the eager one.
   */
  private eagerMomentOrder(): string[] {
    const registered = Object.keys((tf.engine() as unknown as { registeredVariables: object }).registeredVariables);
    return registered.filter((name) => this.moments.has(name));
  }

  private batchFeeds(
    images: Float32Array,
    labels: Int32Array,
    seed: number,
    stepIndex: number,
  ): [Output, HostTensor][] {
    const n = labels.length;
    return [
      [this.io.images, floatTensor(images, [n, IMAGE_SIZE, IMAGE_SIZE, 1])],
      [this.io.labels, intTensor(labels, [n])],
      ...this.io.masks.map(({ layer, feed }): [Output, HostTensor] => {
        const shape = [n, ...(layer.outputShape as number[]).slice(1)];
        const count = shape.reduce((a, b) => a * b, 1);
        return [feed, floatTensor(dropoutMultiplier(layer, seed, stepIndex, count), shape)];
      }),
    ];
  }

  /** The loss and each trainable weight's gradient on a batch, without updating anything (for tests). */
  lossAndGradients(
    images: Float32Array,
    labels: Int32Array,
    seed: number,
    stepIndex: number,
  ): { loss: number; gradients: Map<string, Float32Array> } {
    const [loss, ...grads] = this.session.run(this.batchFeeds(images, labels, seed, stepIndex), [
      this.io.loss,
      ...this.io.gradients,
    ]);
    const names = [...this.moments.keys()];
    return { loss: loss.data[0], gradients: new Map(names.map((name, i) => [name, grads[i].data as Float32Array])) };
  }

  /** One update on a batch at the given learning rate; returns the loss before it (training mode). */
  step(images: Float32Array, labels: Int32Array, learningRate: number, seed: number, stepIndex: number): number {
    const feeds = this.updateFeeds(images, labels, learningRate, seed, stepIndex);
    const [loss] = this.session.run(feeds, [this.io.loss], [this.io.train]);
    this.advanceBetaPowers();
    return loss.data[0];
  }

  /** What one update is fed: the batch, its masks, the learning rate and the β powers of this update. */
  private updateFeeds(
    images: Float32Array,
    labels: Int32Array,
    learningRate: number,
    seed: number,
    stepIndex: number,
  ): [Output, HostTensor][] {
    return [
      ...this.batchFeeds(images, labels, seed, stepIndex),
      [this.io.learningRate, floatTensor([learningRate], [])],
      [this.io.beta1Power, floatTensor([this.betaPowers[0]], [])],
      [this.io.beta2Power, floatTensor([this.betaPowers[1]], [])],
    ];
  }

  /** β^t → β^(t+1), multiplied in float32 as tfjs' Adam multiplies its accBeta1/2. */
  private advanceBetaPowers(): void {
    this.betaPowers = [
      Math.fround(this.betaPowers[0] * Math.fround(ADAM.beta1)),
      Math.fround(this.betaPowers[1] * Math.fround(ADAM.beta2)),
    ];
  }

  /** One update as `step` makes it, traced by TensorFlow: the serialized RunMetadata (for profiles; step-stats.ts). */
  traceStep(
    images: Float32Array,
    labels: Int32Array,
    learningRate: number,
    seed: number,
    stepIndex: number,
  ): Uint8Array {
    const feeds = this.updateFeeds(images, labels, learningRate, seed, stepIndex);
    const { metadata } = this.session.runTraced(feeds, [this.io.loss], [this.io.train]);
    this.advanceBetaPowers();
    return metadata;
  }

  /** Predicted classes in inference mode (moving statistics, no dropout). */
  predict(images: Float32Array, count: number): Int32Array {
    const [out] = this.session.run(
      [[this.io.inferenceImages, floatTensor(images, [count, IMAGE_SIZE, IMAGE_SIZE, 1])]],
      [this.io.predictions],
    );
    return out.data as Int32Array;
  }

  close(): void {
    this.session.close();
  }
}
