import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { initBackend } from "../../src/runtime/backend.js";
import { ADAM, Tf1Adam, tf1Epsilon } from "../../src/train/optimizer.js";

await initBackend();

/** TF1's AdamOptimizer (tensorflow/python/training/adam.py), in float64 JS. */
function tf1AdamPath(w0: number[], target: number[], lr: number, steps: number): number[] {
  const w = [...w0];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  for (let t = 1; t <= steps; t++) {
    const lrT = (lr * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
    for (let i = 0; i < w.length; i++) {
      const g = 2 * (w[i] - target[i]);
      m[i] = 0.9 * m[i] + 0.1 * g;
      v[i] = 0.999 * v[i] + 0.001 * g * g;
      w[i] -= (lrT * m[i]) / (Math.sqrt(v[i]) + 1e-8);
    }
  }
  return w;
}

function tfjsPath(
  make: () => { optimizer: tf.Optimizer; setStep?: (t: number) => void },
  w0: number[],
  target: number[],
  steps: number,
): number[] {
  const w = tf.variable(tf.tensor1d(w0));
  const y = tf.tensor1d(target);
  const { optimizer, setStep } = make();
  for (let t = 1; t <= steps; t++) {
    setStep?.(t);
    optimizer.minimize(() => tf.sum(tf.square(tf.sub(w, y))) as tf.Scalar);
  }
  const out = Array.from(w.dataSync());
  tf.dispose([w, y]);
  optimizer.dispose();
  return out;
}

describe("Adam as TF1 computes it", () => {
  it("uses TF1's defaults: β1 0.9, β2 0.999, ε 1e-8 added to √v (not to the bias-corrected √v̂)", () => {
    expect(ADAM).toEqual({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(tf1Epsilon(1)).toBeCloseTo(1e-8 / Math.sqrt(0.001), 20);
  });

  it("follows TF1's path where ε matters (gradients near 1e-8), unlike tfjs' own Adam", () => {
    const lr = 1e-9;
    const w0 = [3e-9, -5e-9, 1e-8];
    const target = [0, 0, 0];
    const want = tf1AdamPath(w0, target, lr, 6);
    const ours = tfjsPath(
      () => {
        const a = new Tf1Adam(lr);
        return { optimizer: a.optimizer, setStep: (t) => a.setStep(t, lr) };
      },
      w0,
      target,
      6,
    );
    const plain = tfjsPath(() => ({ optimizer: tf.train.adam(lr, 0.9, 0.999, 1e-8) }), w0, target, 6);
    const relErr = (a: number[]) => Math.max(...a.map((x, i) => Math.abs(x - want[i]) / Math.abs(want[i])));
    expect(relErr(ours)).toBeLessThan(1e-4);
    expect(relErr(plain)).toBeGreaterThan(1e-2);
  });
});
