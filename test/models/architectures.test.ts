import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { initBackend } from "../../src/runtime/backend.js";
import { MODEL_NAMES, ORIGINAL_MODELS } from "../../src/config.js";
import { buildModel, countTrainableParams } from "../../src/models/architectures.js";
import { summarizeModel, summaryToHtml } from "../../src/models/summary.js";

await initBackend();

describe("the architectures", () => {
  for (const name of MODEL_NAMES) {
    // the original's models have its exact parameter count; a model of our own, its output shape
    const facts = ORIGINAL_MODELS[name];
    it(`${name}: ${facts ? `exactly the original's ${facts.params} trainable parameters, ` : ""}output [batch, 10]`, () => {
      const model = buildModel(name);
      if (facts) expect(countTrainableParams(model)).toBe(facts.params);
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
    expect(() => buildModel("vgg16")).toThrow(
      /unknown model 'vgg16'; expected one of simple_model_1, simple_model_2, inception, resnet, inception_resnet/,
    );
  });
});

/** The layers whose output feeds `layer`. */
function inputsOf(layer: tf.layers.Layer): tf.layers.Layer[] {
  return layer.inboundNodes.flatMap((n) => n.inboundLayers);
}
function consumersOf(model: tf.LayersModel, layer: tf.layers.Layer): tf.layers.Layer[] {
  return model.layers.filter((l) => inputsOf(l).includes(layer));
}
const kind = (l: tf.layers.Layer) => l.getClassName();

describe("the original's activations (slim: every conv and FC is conv → BN → ReLU; a residual sum has none)", () => {
  for (const name of ["resnet", "inception_resnet"] as const) {
    it(`${name}: no ReLU (or batch norm) after any residual add`, () => {
      const model = buildModel(name);
      const adds = model.layers.filter((l) => kind(l) === "Add");
      expect(adds.length).toBe(name === "resnet" ? 6 : 4);
      for (const add of adds)
        for (const next of consumersOf(model, add)) expect([add.name, kind(next)]).not.toContainEqual("ReLU");
      for (const add of adds) expect(consumersOf(model, add).map(kind)).not.toContain("BatchNormalization");
      model.dispose();
    });
  }

  it("resnet: every branch into a residual add ends in ReLU, or is the block's input", () => {
    const model = buildModel("resnet");
    for (const add of model.layers.filter((l) => kind(l) === "Add")) {
      const inputs = inputsOf(add).map(kind);
      expect(inputs.filter((k) => k === "ReLU").length).toBeGreaterThanOrEqual(1);
      for (const k of inputs) expect(["ReLU", "Add", "MaxPooling2D"]).toContain(k);
    }
    // the conv blocks (64 and 128 channels): main path and projection shortcut both end in ReLU
    const convBlocks = model.layers.filter((l) => kind(l) === "Add" && inputsOf(l).every((i) => kind(i) === "ReLU"));
    expect(convBlocks.length).toBe(2);
    model.dispose();
  });

  it("inception_resnet: the add takes the block input and the linear 1×1 (with bias, no BN, no ReLU)", () => {
    const model = buildModel("inception_resnet");
    for (const add of model.layers.filter((l) => kind(l) === "Add")) {
      const linear = inputsOf(add).find((l) => l.name.startsWith("conv_linear"))!;
      expect(linear).toBeDefined();
      expect((linear.getConfig() as { activation: string }).activation).toBe("linear");
      expect(linear.weights.map((w) => w.originalName.split("/").at(-1))).toEqual(["kernel", "bias"]);
    }
    model.dispose();
  });

  it("every conv and FC but the linear 1×1s is followed by batch norm, and ReLU unless it gives the logits", () => {
    for (const name of MODEL_NAMES) {
      const model = buildModel(name);
      const weighted = model.layers.filter(
        (l) => ["Conv2D", "Dense"].includes(kind(l)) && !l.name.startsWith("conv_linear"),
      );
      for (const l of weighted) {
        const [bn] = consumersOf(model, l);
        expect([l.name, kind(bn)]).toEqual([l.name, "BatchNormalization"]);
        const after = consumersOf(model, bn).map(kind);
        const isLogits = l === weighted.at(-1);
        expect([l.name, after]).toEqual([l.name, isLogits ? [] : ["ReLU"]]);
      }
      model.dispose();
    }
  });
});

describe("the original's batch norm and initialisation", () => {
  it("batch norm: momentum 0.995, epsilon 0.001, γ fixed at 1 (slim's decay and epsilon)", () => {
    const model = buildModel("inception");
    const bns = model.layers.filter((l) => kind(l) === "BatchNormalization");
    expect(bns.length).toBeGreaterThan(0);
    for (const bn of bns) expect(bn.getConfig()).toMatchObject({ momentum: 0.995, epsilon: 0.001 });
    model.dispose();
  });

  for (const name of MODEL_NAMES) {
    it(`${name}: every kernel Glorot-uniform (slim's xavier_initializer), every bias zero`, () => {
      const model = buildModel(name, 3);
      for (const l of model.layers.filter((x) => ["Conv2D", "Dense"].includes(kind(x)))) {
        // tfjs serialises glorotUniform as VarianceScaling(scale 1, fan_avg, uniform)
        const init = (l.getConfig() as { kernelInitializer: { className: string; config: object } }).kernelInitializer;
        expect([l.name, init.className, init.config]).toMatchObject([
          l.name,
          "VarianceScaling",
          { scale: 1, mode: "fanAvg", distribution: "uniform" },
        ]);
        const [kernel, bias] = l.getWeights();
        const shape = kernel.shape;
        const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
        const limit = Math.sqrt(6 / (receptive * (shape.at(-2)! + shape.at(-1)!)));
        const v = kernel.dataSync();
        let sq = 0;
        let outside = 0;
        for (const x of v) {
          sq += x * x;
          if (Math.abs(x) > limit) outside++;
        }
        expect([l.name, outside]).toEqual([l.name, 0]);
        // U(−limit, limit) has variance limit²/3; He-normal's would be about 2·(fan_in+fan_out)/(6·fan_in)·limit²
        if (v.length >= 5000) expect(sq / v.length / ((limit * limit) / 3)).toBeCloseTo(1, 1);
        if (bias) expect(Array.from(bias.dataSync()).every((b) => b === 0)).toBe(true);
      }
      model.dispose();
    });
  }
});

describe("model summary", () => {
  it("counts multiply-adds of convs and dense layers by hand for simple_model_1", () => {
    const s = summarizeModel(buildModel("simple_model_1"));
    // conv 3×3×1→8 at 26², 3×3×8→16 at 24², 3×3×16→32 at 10², 2×2×32→32 at 5², FC 800→128, FC 128→10
    const want =
      26 * 26 * 9 * 8 + 24 * 24 * 9 * 8 * 16 + 10 * 10 * 9 * 16 * 32 + 5 * 5 * 4 * 32 * 32 + 800 * 128 + 128 * 10;
    expect(s.totalMacs).toBe(want);
    expect(s.totalParams).toBe(ORIGINAL_MODELS.simple_model_1!.params);
    expect(s.layers[1]).toMatchObject({ name: "conv_1", type: "Conv2D", outputShape: [null, 26, 26, 8], params: 72 });
    const html = summaryToHtml(s);
    expect(html).toContain("113,834 trainable parameters");
    expect((html.match(/<tr>/g) ?? []).length).toBe(s.layers.length + 1);
  });
});
