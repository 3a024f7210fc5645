import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/runtime/backend.js";
import { NativeBatchNormalization } from "../../src/models/native-batch-norm.js";
import { NativeMaxPooling2D } from "../../src/models/native-max-pool.js";
import { fusedBatchNormTraining, maxPoolOneDnn } from "../../src/runtime/native-ops.js";

const backend = await initBackend();

describe.skipIf(backend.name !== "tensorflow" && backend.name !== "tensorflow-gpu")(
  "fused native batch norm (training)",
  () => {
    beforeAll(() => tf.setBackend("tensorflow"));

    /** The reference: tfjs' composed ops, γ = 1. */
    function reference(x: tf.Tensor, beta: tf.Tensor, eps: number) {
      const axes = x.shape.map((_, i) => i).slice(0, -1);
      const { mean, variance } = tf.moments(x, axes);
      return tf.add(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), beta);
    }

    for (const shape of [
      [8, 5, 5, 3],
      [16, 7],
    ]) {
      it(`matches the composed ops in value and gradient for shape [${shape}]`, () => {
        const x = tf.randomNormal(shape, 2, 3, "float32", 1);
        const beta = tf.randomNormal([shape[shape.length - 1]], 0, 1, "float32", 2) as tf.Tensor1D;
        const dy = tf.randomNormal(shape, 0, 1, "float32", 3);
        const ours = (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(fusedBatchNormTraining(a, b as tf.Tensor1D, 1e-3)!.y, dy));
        const ref = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(reference(a, b, 1e-3), dy));
        const [gx, gb] = tf.grads(ours)([x, beta]);
        const [rx, rb] = tf.grads(ref)([x, beta]);
        expect(
          fusedBatchNormTraining(x, beta, 1e-3)!
            .y.sub(reference(x, beta, 1e-3))
            .abs()
            .max()
            .dataSync()[0],
        ).toBeLessThan(1e-4);
        expect(gx.sub(rx).abs().max().dataSync()[0]).toBeLessThan(1e-3);
        expect(gb.sub(rb).abs().max().dataSync()[0]).toBeLessThan(1e-3);
      });
    }

    it("updates the moving statistics with momentum and leaks no tensors", () => {
      const layer = new NativeBatchNormalization({ momentum: 0.9, epsilon: 1e-3 });
      const x = tf.randomNormal([32, 4], 5, 2, "float32", 4);
      layer.apply(x, { training: true });
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        layer.apply(x, { training: true });
      });
      expect(tf.memory().numTensors).toBe(before);
      const [, , movingMean] = layer.getWeights();
      const batchMean = tf.mean(x, 0);
      // after two updates from 0: m = (1 − 0.9²) · batch mean
      expect(
        movingMean
          .sub(batchMean.mul(1 - 0.81))
          .abs()
          .max()
          .dataSync()[0],
      ).toBeLessThan(1e-4);
    });

    it("ReLU's native gradient equals dy · step(x)", () => {
      const x = tf.randomNormal([4, 6, 6, 3], 0, 1, "float32", 5);
      const dy = tf.randomNormal([4, 6, 6, 3], 0, 1, "float32", 6);
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.relu(a), dy)))(x);
      const want = tf.mul(dy, tf.cast(tf.greater(x, 0), "float32"));
      expect(g.sub(want).abs().max().dataSync()[0]).toBe(0);
    });
  },
);

describe.skipIf(backend.name !== "tensorflow")("oneDNN max pooling (native backend)", () => {
  beforeAll(() => tf.setBackend("tensorflow"));

  for (const [shape, size, stride, padding] of [
    [[4, 12, 12, 3], 2, 2, "valid"],
    [[3, 14, 14, 5], 3, 2, "same"],
    [[2, 7, 7, 4], 3, 2, "same"],
  ] as const) {
    it(`matches tf.maxPool in value and gradient: [${shape}] ${size}×${size}/${stride} ${padding}`, () => {
      const x = tf.relu(tf.randomNormal([...shape], 0, 1, "float32", 7)) as tf.Tensor4D;
      const ref = tf.maxPool(x, size, stride, padding);
      const dy = tf.randomNormal(ref.shape, 0, 1, "float32", 8);
      const ours = maxPoolOneDnn(x, size, stride, padding);
      expect(ours).not.toBeNull();
      expect(ours!.shape).toEqual(ref.shape);
      expect(ours!.sub(ref).abs().max().dataSync()[0]).toBe(0);
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(maxPoolOneDnn(a as tf.Tensor4D, size, stride, padding)!, dy)))(
        x,
      );
      const want = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, size, stride, padding), dy)))(
        x,
      );
      expect(g.sub(want).abs().max().dataSync()[0]).toBeLessThan(1e-5);
    });
  }

  it("is what the models' pooling layer runs, and leaks no tensors", () => {
    const layer = new NativeMaxPooling2D({ poolSize: 3, strides: 2, padding: "same" });
    expect(layer.getClassName()).toBe("MaxPooling2D");
    const x = tf.randomNormal([2, 9, 9, 3], 0, 1, "float32", 9);
    const dy = tf.randomNormal([2, 5, 5, 3], 0, 1, "float32", 10);
    const before = tf.memory().numTensors;
    const g = tf.tidy(() =>
      tf.grad((a: tf.Tensor) => tf.sum(tf.mul(layer.apply(a, { training: true }) as tf.Tensor, dy)))(x),
    );
    expect(tf.memory().numTensors).toBe(before + 1);
    const want = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, 3, 2, "same"), dy)))(x);
    expect(g.sub(want).abs().max().dataSync()[0]).toBeLessThan(1e-5);
  });
});
