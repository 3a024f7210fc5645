/**
 * One backend's measurements (run in its own process, since the backend is per process):
 * train img/s (batch 64, Adam, cross-entropy, random data), eval img/s (batch 500), effective
 * GFLOP/s and peak memory. Prints one JSON line per model.
 * Usage: tsx bench/tfjs-worker.ts BACKEND STEPS CAP_SECONDS MODEL...
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../src/runtime/backend.js";
import { buildModel } from "../src/models/architectures.js";
import { summarizeModel } from "../src/models/summary.js";
import { randomTrainingStep } from "./random-step.js";

const [backendName, stepsArg, capArg, ...models] = process.argv.slice(2);
const steps = Number(stepsArg);
const capSeconds = Number(capArg);
const emit = (o: object) => console.log(JSON.stringify({ framework: "tfjs", backend: backendName, ...o }));

try {
  await initBackend(backendName);
} catch (err) {
  for (const model of models) emit({ model, error: (err as Error).message.split("\n")[0] });
  process.exit(0);
}

let measuredGflops = 0;
for (const name of models) {
  const model = buildModel(name);
  const mflops = summarizeModel(model).mflops;
  const projectedStep = measuredGflops > 0 ? (3 * mflops * 64) / 1000 / measuredGflops : 0;
  if (2 * projectedStep > capSeconds) {
    emit({
      model: name,
      skipped: `projected ${projectedStep.toFixed(0)} s per step at the ${measuredGflops.toFixed(2)} GFLOP/s measured on the previous model; over the ${capSeconds} s cap`,
    });
    model.dispose();
    continue;
  }
  const { step, dispose } = randomTrainingStep(model);
  try {
    let t = performance.now();
    step();
    const first = (performance.now() - t) / 1000;
    step();
    const second = (performance.now() - t) / 1000 - first;
    // Fit the timed steps into the cap (at least one).
    const n = Math.max(1, Math.min(steps, Math.floor(capSeconds / Math.max(second, 1e-6))));
    t = performance.now();
    for (let i = 0; i < n; i++) step();
    const trainImgPerS = (n * 64) / ((performance.now() - t) / 1000);
    const xe = tf.randomUniform([500, 28, 28, 1]);
    tf.tidy(() => (model.predict(xe) as tf.Tensor).dataSync());
    t = performance.now();
    tf.tidy(() => (model.predict(xe) as tf.Tensor).dataSync());
    const evalImgPerS = 500 / ((performance.now() - t) / 1000);
    // training ≈ 3 × the forward FLOPs (forward, and the two backward products of each layer)
    measuredGflops = (3 * mflops * trainImgPerS) / 1000;
    emit({
      model: name,
      version: tf.version.tfjs,
      steps: n,
      train_img_per_s: trainImgPerS,
      eval_img_per_s: evalImgPerS,
      train_gflops: (3 * mflops * trainImgPerS) / 1000,
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    });
  } catch (err) {
    emit({ model: name, error: (err as Error).message.split("\n")[0] });
  }
  model.dispose();
  dispose();
}
