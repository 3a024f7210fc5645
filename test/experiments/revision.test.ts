/**
 * ARITHMETIC_REVISION names what the code computes: a run trained by other arithmetic must never
 * be found for today's config. This test pins fingerprints of that arithmetic (each model's layer
 * graph, the first model's initial weights, the augmentation of a fixed batch, the optimizer and
 * schedule, the split's draw)
 * to the revision. Change any of them and it fails: raise ARITHMETIC_REVISION in
 * src/experiments/config.ts and pin the new fingerprints under the new number.
 */
import { createHash } from "node:crypto";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { DEFAULT_AUGMENT, augmentBatch } from "../../src/augment/pipeline.js";
import { initBackend } from "../../src/runtime/backend.js";
import { IMAGE_PIXELS, MODEL_NAMES } from "../../src/config.js";
import { drawHeldOut } from "../../src/data/split.js";
import { ARITHMETIC_REVISION } from "../../src/experiments/config.js";
import { buildModel } from "../../src/models/architectures.js";
import { Rng } from "../../src/util/random.js";
import { learningRateAt, ORIGINAL_SCHEDULE } from "../../src/train/schedule.js";
import { Tf1Adam } from "../../src/train/optimizer.js";

await initBackend();

const sha = (x: string | Uint8Array) => createHash("sha256").update(x).digest("hex").slice(0, 16);

/** Six TF1-Adam updates on a small quadratic, with the schedule's rate and ε per step (rounded: backends differ in the last bits). */
function adamPath(): number[] {
  const w = tf.variable(tf.tensor1d([0.3, -0.5, 1e-3, 2]));
  const adam = new Tf1Adam(learningRateAt(1, ORIGINAL_SCHEDULE));
  for (let t = 1; t <= 6; t++) {
    adam.setStep(t, learningRateAt(t, { ...ORIGINAL_SCHEDULE, decaySteps: 3 }));
    adam.optimizer.minimize(() => tf.sum(tf.square(w)) as tf.Scalar);
  }
  const out = Array.from(w.dataSync());
  w.dispose();
  adam.optimizer.dispose();
  return out;
}

function fingerprints(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of MODEL_NAMES) {
    const model = buildModel(name, 0);
    const topology = model.toJSON(null, false) as { config: unknown };
    out[`graph ${name}`] = sha(JSON.stringify(topology.config));
    if (name === "simple_model_1")
      out["initial weights simple_model_1"] = sha(
        new Uint8Array(
          model.getWeights().flatMap((w) => Array.from(new Uint8Array((w.dataSync() as Float32Array).buffer))),
        ),
      );
    model.dispose();
  }
  const labels = Array.from({ length: 64 }, (_, i) => i % 10);
  const images = Float32Array.from({ length: 64 * IMAGE_PIXELS }, (_, i) => ((i * 7919) % 256) / 255);
  augmentBatch(images, labels, new Rng(1), { ...DEFAULT_AUGMENT, prob: 0.5 });
  out["augmented batch"] = sha(new Uint8Array(images.buffer));
  out["adam path"] = sha(
    adamPath()
      .map((x) => x.toPrecision(6))
      .join(","),
  );
  out["split draw"] = sha(
    drawHeldOut(
      Uint8Array.from({ length: 600 }, (_, i) => (i * 7) % 10),
      20,
    ).join(","),
  );
  return out;
}

const PINNED: Record<number, Record<string, string>> = {
  2: {
    "graph simple_model_1": "7c768602a65206cd",
    "initial weights simple_model_1": "f84420cc2762617e",
    "graph simple_model_2": "c76f0c019acc529b",
    "graph inception": "a9a8591f108af736",
    "graph resnet": "21cc6f72ccce3890",
    "graph inception_resnet": "1455410eba01a217",
    "augmented batch": "470bb66d3d6bc803",
    "adam path": "ee0665540f2edde2",
    "split draw": "aa3cba38f215a06c",
  },
};

describe("the arithmetic revision", () => {
  it(`revision ${ARITHMETIC_REVISION} computes what it computed when it was pinned`, () => {
    const now = fingerprints();
    expect(
      PINNED[ARITHMETIC_REVISION],
      `no fingerprints pinned for revision ${ARITHMETIC_REVISION}; today's: ${JSON.stringify(now, null, 2)}`,
    ).toBeDefined();
    expect(
      now,
      "the arithmetic changed: raise ARITHMETIC_REVISION (src/experiments/config.ts) and pin these under it",
    ).toEqual(PINNED[ARITHMETIC_REVISION]);
  });
});
