import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { initBackend } from "../../src/runtime/backend.js";
import { dropoutMask, SeededDropout, setDropoutStep } from "../../src/models/seeded-dropout.js";

await initBackend();

describe("SeededDropout", () => {
  const x = tf.ones([4, 50]);
  const mask = (layer: SeededDropout, seed: number, step: number) => {
    layer.runSeed = seed;
    layer.runStep = step;
    return Array.from((layer.apply(x, { training: true }) as tf.Tensor).dataSync());
  };

  it("draws the mask from (seed, step, layer): the same again, another for another step, seed or layer", () => {
    const a = new SeededDropout({ name: "dropout_a", rate: 0.5 });
    const b = new SeededDropout({ name: "dropout_b", rate: 0.5 });
    const m = mask(a, 0, 7);
    expect(m.filter((v) => v === 0).length).toBeGreaterThan(10);
    expect(m.filter((v) => v === 0).length).toBeLessThan(190);
    expect(mask(a, 0, 7)).toEqual(m);
    expect(mask(a, 0, 8)).not.toEqual(m);
    expect(mask(a, 1, 7)).not.toEqual(m);
    expect(mask(b, 0, 7)).not.toEqual(m);
  });

  it("setDropoutStep sets every dropout layer of a model", () => {
    const input = tf.input({ shape: [50] });
    const a = new SeededDropout({ name: "dropout_c", rate: 0.5 });
    const b = new SeededDropout({ name: "dropout_d", rate: 0.5 });
    const model = tf.model({ inputs: input, outputs: b.apply(a.apply(input)) as tf.SymbolicTensor });
    setDropoutStep(model, 3, 11);
    expect([a.runSeed, a.runStep, b.runSeed, b.runStep]).toEqual([3, 11, 3, 11]);
  });

  it("passes the input through at inference, under Dropout's class name", () => {
    const a = new SeededDropout({ rate: 0.5 });
    expect(a.getClassName()).toBe("Dropout");
    expect(Array.from((a.apply(x) as tf.Tensor).dataSync())).toEqual(Array.from(x.dataSync()));
  });

  it("draws the same mask, value for value, as tf.dropout with the same seed (runs trained before the fast draw are unchanged)", () => {
    for (const [rate, seed, count] of [
      [0.5, 0, 1000],
      [0.5, 4294967295, 4608],
      [0.3, 123456789, 777],
    ] as const) {
      const reference = tf.tidy(() => tf.dropout(tf.ones([count]), rate, undefined, seed).dataSync());
      expect(Array.from(dropoutMask(count, rate, seed))).toEqual(Array.from(reference));
    }
  });
});
