import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend.js";
import { MODEL_NAMES, ORIGINAL_PARAM_COUNTS } from "../../src/config.js";
import { buildModel, countTrainableParams } from "../../src/models/architectures.js";
import { summarizeModel, summaryToHtml } from "../../src/models/summary.js";

await initBackend();

describe("the five architectures", () => {
  for (const name of MODEL_NAMES) {
    it(`${name}: trainable parameters within ±3% of the original's ${ORIGINAL_PARAM_COUNTS[name]}, output [batch, 10]`, () => {
      const model = buildModel(name);
      const params = countTrainableParams(model);
      expect(Math.abs(params / ORIGINAL_PARAM_COUNTS[name] - 1)).toBeLessThanOrEqual(0.03);
      const y = tf.tidy(() => model.predict(tf.zeros([3, 28, 28, 1])) as tf.Tensor);
      expect(y.shape).toEqual([3, 10]);
      y.dispose();
      model.dispose();
    });
  }

  it("keeps batch norm's γ out of training and convs without bias", () => {
    const model = buildModel("simple_model_1");
    const names = model.trainableWeights.map((w) => w.originalName);
    expect(names.some((n) => n.endsWith("gamma"))).toBe(false);
    expect(names.filter((n) => n.endsWith("beta")).length).toBe(6);
    expect(names.some((n) => n.includes("conv") && n.endsWith("bias"))).toBe(false);
    model.dispose();
  });

  it("builds the same initial weights from the same seed, other weights from another", () => {
    const weights = (seed: number) => {
      const m = buildModel("simple_model_1", seed);
      const w = m.getWeights().map((t) => Array.from(t.dataSync()));
      m.dispose();
      return w;
    };
    const w0 = weights(0);
    expect(weights(0)).toEqual(w0);
    const w1 = weights(1);
    // the first conv's kernel differs; batch norm's initial β/γ/statistics do not
    expect(w1[0]).not.toEqual(w0[0]);
    expect(w1.length).toBe(w0.length);
  });

  it("rejects an unknown name, listing the valid ones", () => {
    expect(() => buildModel("vgg16")).toThrow(/unknown model 'vgg16'; expected one of simple_model_1, simple_model_2, inception, resnet, inception_resnet/);
  });
});

describe("model summary", () => {
  it("counts multiply-adds of convs and dense layers by hand for simple_model_1", () => {
    const s = summarizeModel(buildModel("simple_model_1"));
    // conv 3×3×1→8 at 26², 3×3×8→16 at 24², 3×3×16→32 at 10², 2×2×32→32 at 5², FC 800→128, FC 128→10
    const want = 26 * 26 * 9 * 8 + 24 * 24 * 9 * 8 * 16 + 10 * 10 * 9 * 16 * 32 + 5 * 5 * 4 * 32 * 32 + 800 * 128 + 128 * 10;
    expect(s.totalMacs).toBe(want);
    expect(s.totalParams).toBe(ORIGINAL_PARAM_COUNTS.simple_model_1);
    expect(s.layers[1]).toMatchObject({ name: "conv_1", type: "Conv2D", outputShape: [null, 26, 26, 8], params: 72 });
    const html = summaryToHtml(s);
    expect(html).toContain("113,834 trainable parameters");
    expect((html.match(/<tr>/g) ?? []).length).toBe(s.layers.length + 1);
  });
});
