/**
 * The compiled step against the eager reference: from the same weights, batch and seed, the
 * same loss and gradients, the same update (weights, Adam's moments, batch-norm moving
 * statistics), for every model and each loss; its state goes out to the tfjs model and
 * optimizer and back in without changing the next step.
 */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { IMAGE_SIZE, LOSS_NAMES, MODEL_NAMES, NUM_CLASSES, type LossName, type ModelName } from "../../src/config.js";
import { buildModel } from "../../src/models/architectures.js";
import { setDropoutStep } from "../../src/models/seeded-dropout.js";
import { initBackend } from "../../src/runtime/backend.js";
import { CompiledStep, compiledUnavailable } from "../../src/train/compiled-step.js";
import { lossByName } from "../../src/train/losses.js";
import { Tf1Adam } from "../../src/train/optimizer.js";

await initBackend();
const unavailable = compiledUnavailable();
const BATCH = 12;
const SEED = 5;
const LR = 5e-4;
const images = Float32Array.from({ length: BATCH * IMAGE_SIZE * IMAGE_SIZE }, (_, i) => ((i * 7919) % 251) / 251);
const labels = Int32Array.from({ length: BATCH }, (_, i) => (i * 3) % NUM_CLASSES);

/** The largest |a − b| relative to the largest |a| (plus a floor for all-zero tensors). */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(a[i]));
  }
  return diff / scale;
}

function eagerStep(model: tf.LayersModel, adam: Tf1Adam, lossName: LossName, step: number): number {
  setDropoutStep(model, SEED, step);
  adam.setStep(step + 1, LR);
  const lossFn = lossByName(lossName);
  return tf.tidy(() => {
    const x = tf.tensor4d(images, [BATCH, IMAGE_SIZE, IMAGE_SIZE, 1]);
    const oneHot = tf.oneHot(tf.tensor1d(labels, "int32"), NUM_CLASSES) as tf.Tensor2D;
    return adam.optimizer
      .minimize(() => lossFn(oneHot, model.apply(x, { training: true }) as tf.Tensor2D), true)!
      .dataSync()[0];
  });
}

type State = { model: tf.LayersModel; adam: Tf1Adam };
type AdamBetas = { accBeta1: tf.Variable; accBeta2: tf.Variable };

/** Copies weights, Adam's moments and β powers from one model and optimizer to a twin (names differ: by position). */
async function copyState(from: State, to: State): Promise<void> {
  to.model.setWeights(from.model.getWeights());
  const rename = new Map(from.model.trainableWeights.map((w, i) => [w.name, to.model.trainableWeights[i].name]));
  const slots = await from.adam.optimizer.getWeights();
  await to.adam.optimizer.setWeights(
    slots.map((s) => ({
      ...s,
      name: s.name.replace(/^(.*)(\/[mv])$/, (_, v: string, k: string) => rename.get(v) + k),
    })),
  );
  const [src, dst] = [from.adam.optimizer, to.adam.optimizer] as unknown as AdamBetas[];
  dst.accBeta1.assign(src.accBeta1);
  dst.accBeta2.assign(src.accBeta2);
}

/**
 * An Adam update is ±lr wherever the gradient is far above ε, but where a gradient is near zero
 * (a channel the batch barely reaches) a last-bit change moves it anywhere in between. So:
 * almost every weight within 1% of the learning rate, none beyond Adam's bound of lr; the
 * moments and moving statistics close.
 */
async function expectSameState(eager: State, compiled: State): Promise<void> {
  let off = 0;
  let total = 0;
  eager.model.weights.forEach((w, i) => {
    const expected = w.read().dataSync() as Float32Array;
    const got = compiled.model.weights[i].read().dataSync();
    const worst = expected.reduce((m, v, j) => Math.max(m, Math.abs(v - got[j])), 0);
    expect(worst, w.name).toBeLessThan(w.trainable ? 1.01 * LR : 1e-4);
    if (w.trainable) {
      total += expected.length;
      off += expected.filter((v, j) => Math.abs(v - got[j]) > 0.01 * LR).length;
    }
  });
  expect(off / total).toBeLessThan(0.001);
  const [expectedSlots, gotSlots] = [
    await eager.adam.optimizer.getWeights(),
    await compiled.adam.optimizer.getWeights(),
  ];
  const unsuffixed = (name: string) => name.replace(/_\d+(?=\/[mv]$)/, "");
  expect(gotSlots.map((s) => unsuffixed(s.name))).toEqual(expectedSlots.map((s) => unsuffixed(s.name)));
  expectedSlots.forEach((s, i) =>
    expect(relativeError(s.tensor.dataSync(), gotSlots[i].tensor.dataSync()), s.name).toBeLessThan(1e-4),
  );
  const betas = (st: State) => (st.adam.optimizer as unknown as AdamBetas).accBeta1.dataSync()[0];
  expect(betas(compiled)).toBe(betas(eager));
}

function pair(name: ModelName, lossName: LossName) {
  const eager = { model: buildModel(name, 2), adam: new Tf1Adam(LR) };
  const model = buildModel(name, 2);
  const adam = new Tf1Adam(LR);
  const compiled = CompiledStep.build(model, lossName);
  compiled.importState(adam.optimizer);
  const dispose = () => {
    compiled.close();
    for (const m of [eager.model, model]) m.dispose();
    for (const a of [eager.adam, adam]) a.optimizer.dispose();
  };
  return { eager, compiled: { model, adam, step: compiled }, dispose };
}

describe.skipIf(unavailable !== null)("the compiled training step", () => {
  const cases: [ModelName, LossName][] = [
    ...MODEL_NAMES.map((m): [ModelName, LossName] => [m, "cross_entropy"]),
    ...LOSS_NAMES.filter((l) => l !== "cross_entropy").map((l): [ModelName, LossName] => ["simple_model_1", l]),
    ["resnet", "focal"],
  ];

  it.each(cases)("%s with %s: the eager step's loss and gradients", (name, lossName) => {
    const { eager, compiled, dispose } = pair(name, lossName);
    const fromGraph = compiled.step.lossAndGradients(images, labels, SEED, 0);
    setDropoutStep(eager.model, SEED, 0);
    const lossFn = lossByName(lossName);
    const { value, grads } = tf.variableGrads(() =>
      tf.tidy(() =>
        lossFn(
          tf.oneHot(tf.tensor1d(labels, "int32"), NUM_CLASSES) as tf.Tensor2D,
          eager.model.apply(tf.tensor4d(images, [BATCH, IMAGE_SIZE, IMAGE_SIZE, 1]), { training: true }) as tf.Tensor2D,
        ),
      ),
    );
    expect(fromGraph.loss).toBeCloseTo(value.dataSync()[0], 5);
    // the two models' variables are named apart (tfjs keeps names unique): pair them by position
    const trainable = eager.model.trainableWeights;
    expect(fromGraph.gradients.size).toBe(trainable.length);
    trainable.forEach((w, i) => {
      const got = fromGraph.gradients.get(compiled.model.trainableWeights[i].name)!;
      expect(relativeError(grads[w.name].dataSync(), got), w.name).toBeLessThan(1e-4);
    });
    tf.dispose([value, ...Object.values(grads)]);
    dispose();
  });

  it.each(cases)(
    "%s with %s: each update, from the eager step's state, gives its weights, moments and moving statistics",
    async (name, lossName) => {
      const { eager, compiled, dispose } = pair(name, lossName);
      for (let step = 0; step < 2; step++) {
        // start each update from the eager path's exact state (after one update the two differ in last bits)
        await copyState(eager, compiled);
        compiled.step.importState(compiled.adam.optimizer);
        const loss = compiled.step.step(images, labels, LR, SEED, step);
        expect(loss).toBeCloseTo(eagerStep(eager.model, eager.adam, lossName, step), 4);
        await compiled.step.exportState(compiled.adam.optimizer, step + 1);
        await expectSameState(eager, compiled);
      }
      dispose();
    },
  );

  it("hands its state to the tfjs model and optimizer and takes it back: the next step is the same as without the round trip", async () => {
    const a = pair("inception", "cross_entropy").compiled;
    const b = pair("inception", "cross_entropy").compiled;
    for (let step = 0; step < 2; step++) for (const c of [a, b]) c.step.step(images, labels, LR, SEED, step);
    await b.step.exportState(b.adam.optimizer, 2);
    const fresh = CompiledStep.build(b.model, "cross_entropy");
    fresh.importState(b.adam.optimizer);
    expect(fresh.step(images, labels, LR, SEED, 2)).toBe(a.step.step(images, labels, LR, SEED, 2));
    expect(Array.from(fresh.predict(images, BATCH))).toEqual(Array.from(a.step.predict(images, BATCH)));
    fresh.close();
  });

  it("predicts as the tfjs model does in inference mode", async () => {
    const { compiled, dispose } = pair("resnet", "cross_entropy");
    for (let step = 0; step < 3; step++) compiled.step.step(images, labels, LR, SEED, step);
    await compiled.step.exportState(compiled.adam.optimizer, 3);
    const expected = tf.tidy(() =>
      tf
        .argMax(compiled.model.predict(tf.tensor4d(images, [BATCH, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor, 1)
        .dataSync(),
    );
    expect(Array.from(compiled.step.predict(images, BATCH))).toEqual(Array.from(expected));
    dispose();
  });
});

describe("where the compiled step cannot run", () => {
  it("says why in one line", () => {
    if (unavailable === null) expect(compiledUnavailable()).toBeNull();
    else expect(unavailable).toMatch(/native TensorFlow backend|addon is not built/);
  });
});
