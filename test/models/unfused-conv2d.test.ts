import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { initBackend } from "../../src/runtime/backend.js";
import { UnfusedConv2D } from "../../src/models/unfused-conv2d.js";

await initBackend();

describe("UnfusedConv2D", () => {
  const config = {
    filters: 4,
    kernelSize: 3,
    padding: "same",
    useBias: false,
    kernelInitializer: "heNormal",
    seed: 1,
  } as const;
  const x = tf.randomNormal([2, 6, 6, 2], 0, 1, "float32", 11);

  function pair() {
    const ours = new UnfusedConv2D(config);
    const stock = tf.layers.conv2d(config);
    ours.apply(x);
    stock.apply(x);
    stock.setWeights(ours.getWeights());
    return { ours, stock };
  }

  async function kernelsOfFilterGradient(layer: tf.layers.Layer) {
    const info = await tf.profile(() => {
      const { grads } = tf.variableGrads(
        () => tf.sum(tf.square(layer.apply(x) as tf.Tensor)) as tf.Scalar,
        layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val),
      );
      return Object.values(grads);
    });
    return info.kernels.map((k) => k.name);
  }

  it("gives Conv2D's output and filter gradient, under Conv2D's class name", () => {
    const { ours, stock } = pair();
    expect(ours.getClassName()).toBe("Conv2D");
    expect(
      tf
        .sub(ours.apply(x) as tf.Tensor, stock.apply(x) as tf.Tensor)
        .abs()
        .max()
        .dataSync()[0],
    ).toBe(0);
    const grad = (layer: tf.layers.Layer) =>
      tf.grad((k: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 1, "same"))))(
        layer.getWeights()[0],
      );
    expect(tf.sub(grad(ours), grad(stock)).abs().max().dataSync()[0]).toBe(0);
  });

  it("skips the input's gradient when only the filter needs one (the stock layer computes it)", async () => {
    const { ours, stock } = pair();
    const oursKernels = await kernelsOfFilterGradient(ours);
    const stockKernels = await kernelsOfFilterGradient(stock);
    expect(oursKernels).toContain("Conv2DBackpropFilter");
    expect(oursKernels).not.toContain("Conv2DBackpropInput");
    expect(stockKernels).toContain("Conv2DBackpropInput");
  });

  it("falls back to the stock path with a bias", () => {
    const withBias = new UnfusedConv2D({ ...config, useBias: true });
    const y = withBias.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 6, 6, 4]);
  });
});
