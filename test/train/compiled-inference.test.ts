/**
 * Compiled inference against tfjs' op-by-op predict: from the same weights (batch-norm moving
 * statistics moved off their initial 0 and 1, so inference mode matters), the same class
 * probabilities and classes, for every model; and the choice of path.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { IMAGE_SIZE, MODEL_NAMES, NUM_CLASSES } from "../../src/config.js";
import { buildModel } from "../../src/models/architectures.js";
import { initBackend } from "../../src/runtime/backend.js";
import { choosePredictor, CompiledPredictor } from "../../src/train/compiled-inference.js";
import { compiledUnavailable } from "../../src/train/compiled-step.js";
import { modelPredictor } from "../../src/train/evaluate.js";
import { ExpectedError } from "../../src/util/errors.js";

await initBackend();
const unavailable = compiledUnavailable();
const COUNT = 9;
const images = Float32Array.from({ length: COUNT * IMAGE_SIZE * IMAGE_SIZE }, (_, i) => ((i * 7919) % 251) / 251);

/** The model with every weight moved by a fixed pattern (variances kept positive), so no statistic is at its initial value. */
function trainedLooking(name: (typeof MODEL_NAMES)[number]): tf.LayersModel {
  const model = buildModel(name);
  model.setWeights(
    model.weights.map((w) =>
      tf.tidy(() => {
        const value = w.read();
        const pattern = tf.sin(tf.range(0, value.size).reshape(value.shape)).mul(0.1);
        return w.originalName.endsWith("moving_variance") ? value.add(pattern.abs()) : value.add(pattern);
      }),
    ),
  );
  return model;
}

describe.skipIf(unavailable !== null)("compiled inference", () => {
  const models: tf.LayersModel[] = [];
  afterAll(() => models.forEach((m) => m.dispose()));

  for (const name of MODEL_NAMES) {
    it(`${name}: the same probabilities and classes as model.predict`, () => {
      const model = trainedLooking(name);
      models.push(model);
      const eager = tf.tidy(
        () =>
          (
            model.predict(tf.tensor4d(images, [COUNT, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor
          ).dataSync() as Float32Array,
      );
      const compiled = CompiledPredictor.build(model);
      const probabilities = compiled.probabilities(images, COUNT);
      expect(probabilities.length).toBe(COUNT * NUM_CLASSES);
      let worst = 0;
      for (let i = 0; i < eager.length; i++) worst = Math.max(worst, Math.abs(eager[i] - probabilities[i]));
      expect(worst).toBeLessThan(1e-4);
      expect(Array.from(compiled.predict(images, COUNT))).toEqual(Array.from(modelPredictor(model)(images, COUNT)));
      compiled.close();
    });
  }

  it("choosePredictor: compiled by default, eager when FMNIST_ENGINE=eager, one line for an unknown path", () => {
    const model = buildModel("simple_model_1");
    models.push(model);
    const compiled = choosePredictor(model, undefined);
    const eager = choosePredictor(model, "eager");
    expect([compiled.engine, eager.engine]).toEqual(["compiled", "eager"]);
    expect(Array.from(compiled.predict(images, COUNT))).toEqual(Array.from(eager.predict(images, COUNT)));
    compiled.close();
    expect(() => choosePredictor(model, "graph")).toThrow(ExpectedError);
    expect(() => choosePredictor(model, "graph")).toThrow(/FMNIST_ENGINE='graph'.*compiled, eager/);
  });
});

describe.skipIf(unavailable === null)("compiled inference where it cannot run", () => {
  it("falls back to eager, and refuses FMNIST_ENGINE=compiled in one line", () => {
    const model = buildModel("simple_model_1");
    expect(choosePredictor(model, undefined).engine).toBe("eager");
    expect(() => choosePredictor(model, "compiled")).toThrow(ExpectedError);
    model.dispose();
  });
});
