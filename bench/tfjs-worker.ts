/**
 * One backend's measurements (run in its own process, since the backend is per process):
 * train img/s (batch 64, Adam, cross-entropy, random data), eval img/s (batch 500), effective
 * GFLOP/s and peak memory. Prints one JSON line per model.
 * ENGINE: eager (tfjs op by op) or compiled (the compiled step and its inference graph,
 * src/train/compiled-step.ts; the native backend only).
 * Usage: tsx bench/tfjs-worker.ts BACKEND ENGINE STEPS CAP_SECONDS MODEL...
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../src/runtime/backend.js";
import { buildModel } from "../src/models/architectures.js";
import { summarizeModel } from "../src/models/summary.js";
import { compiledUnavailable } from "../src/train/compiled-step.js";
import { randomCompiledStep, randomTrainingStep } from "./random-step.js";

const [backendName, engine, stepsArg, capArg, ...models] = process.argv.slice(2);
const steps = Number(stepsArg);
const capSeconds = Number(capArg);
const emit = (o: object) => console.log(JSON.stringify({ framework: "tfjs", backend: backendName, engine, ...o }));

try {
  await initBackend(backendName);
  if (engine === "compiled" && compiledUnavailable()) throw new Error(`compiled step: ${compiledUnavailable()}`);
} catch (err) {
  for (const model of models) emit({ model, error: (err as Error).message.split("\n")[0] });
  process.exit(0);
}

/** As bench/peer_keras.py: evaluation in batches of 500, each speed the median of 5 timed windows. */
const EVAL_BATCH = 500;
const EVAL_REPEATS = 1;
const WINDOWS = 5;

/** Images per second of `calls` calls of `fn` (each `images` images): the median of WINDOWS windows, so a pause of the machine moves one window, not the figure. */
function medianRate(fn: () => void, calls: number, images: number): number {
  const perWindow = Math.max(1, Math.round(calls / WINDOWS));
  const rates: number[] = [];
  for (let w = 0; w < WINDOWS; w++) {
    const t = performance.now();
    for (let i = 0; i < perWindow; i++) fn();
    rates.push((perWindow * images) / ((performance.now() - t) / 1000));
  }
  return rates.sort((a, b) => a - b)[Math.floor(WINDOWS / 2)];
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
  const { step, predict, dispose } = engine === "compiled" ? randomCompiledStep(model) : randomTrainingStep(model);
  try {
    const t = performance.now();
    step();
    const first = (performance.now() - t) / 1000;
    step();
    const second = (performance.now() - t) / 1000 - first;
    // Fit the timed steps into the cap (at least one).
    const n = Math.max(1, Math.min(steps, Math.floor(capSeconds / Math.max(second, 1e-6))));
    const trainImgPerS = medianRate(step, n, 64);
    predict();
    const evalImgPerS = medianRate(predict, EVAL_REPEATS * WINDOWS, EVAL_BATCH);
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
