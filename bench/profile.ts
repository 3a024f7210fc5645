/**
 * `npm run bench:profile`: where one training step's time goes on the native backend.
 * For each model (batch 64, Adam, cross-entropy, random data, as in `npm run bench`): the wall
 * time of a step, the TensorFlow ops it executes, the time spent inside them (each call of the
 * binding's executeOp timed), the rest (tfjs' own work between ops: tape, bookkeeping, tensor
 * handles), and the hottest ops; and the fixed cost of one tiny op, through the backend's
 * executeSingleOutput (binding and TensorFlow's eager runtime) and through tfjs' engine.
 * Then the same for the compiled step (one TensorFlow graph a step): its wall time and, from
 * TensorFlow's own trace of a step, the kernels it ran and their time (summed over the threads
 * that ran them side by side, so it can exceed the wall time).
 * Prints a table and writes output_dir/bench/profile.json.
 * Options: --steps N (profiled steps per model, default 10), --top K (ops listed, default 8),
 * MODEL... (default all five).
 */
import * as tf from "@tensorflow/tfjs";
import { cpus } from "node:os";
import { initBackend } from "../src/runtime/backend.js";
import { MODEL_NAMES } from "../src/config.js";
import { buildModel } from "../src/models/architectures.js";
import { benchResultPath, SAVE_REFERENCE_OPTION } from "../src/util/paths.js";
import { writeJsonAtomic } from "../src/util/atomic.js";
import { flag, numberOption, parseCli, str, usageExit } from "../src/cli/args.js";
import { kernelBreakdown, type KernelRecord } from "../src/runtime/kernel-profile.js";
import { nodeTimes } from "../src/runtime/step-stats.js";
import { compiledUnavailable } from "../src/train/compiled-step.js";
import { randomCompiledStep, randomTrainingStep } from "./random-step.js";

const USAGE = `usage: npm run bench:profile -- [--steps N] [--top K] [--${SAVE_REFERENCE_OPTION}] [MODEL...]

  --${SAVE_REFERENCE_OPTION}  replace the reference figures (output_dir/bench/profile.json); without it they go to bench/latest/`;
const args = parseCli(
  USAGE,
  { steps: { type: "string" }, top: { type: "string" }, [SAVE_REFERENCE_OPTION]: { type: "boolean" } },
  process.argv.slice(2),
  true,
);
const steps = numberOption(USAGE, "steps", str(args, "steps"), 1, 1_000, 10)!;
const top = numberOption(USAGE, "top", str(args, "top"), 1, 100, 8)!;
const models = args.positionals.length > 0 ? args.positionals : [...MODEL_NAMES];
for (const m of models)
  if (!(MODEL_NAMES as readonly string[]).includes(m))
    usageExit(USAGE, `unknown model '${m}'; expected one of ${MODEL_NAMES.join(", ")}`);
const backend = await initBackend("tensorflow");

// Every native op of the tensorflow backend goes through binding.executeOp: time each call.
// (The native module's exports are read-only, so the backend gets an object that inherits them.)
type Binding = Record<string, unknown> & { executeOp: (name: string, ...rest: unknown[]) => unknown };
const nodeBackend = tf.backend() as unknown as { binding: Binding };
const binding = nodeBackend.binding;
let records: KernelRecord[] | null = null;
const timedExecuteOp = (name: string, ...rest: unknown[]) => {
  if (!records) return binding.executeOp(name, ...rest);
  const t0 = performance.now();
  const out = binding.executeOp(name, ...rest);
  records.push({ name, ms: performance.now() - t0 });
  return out;
};
nodeBackend.binding = Object.create(binding, { executeOp: { value: timedExecuteOp } });

/** Mean µs of one op on two 8-float tensors: through the backend's executeSingleOutput, and through tf.add. */
function opCostMicros(): { binding: number; tfjs: number } {
  const a = tf.ones([8]);
  const b = tf.ones([8]);
  const attrs = [{ name: "T", type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT }];
  const kernels = tf.backend() as unknown as {
    executeSingleOutput(name: string, attrs: unknown[], inputs: tf.Tensor[]): tf.Tensor;
  };
  const time = (f: () => tf.Tensor) => {
    for (let i = 0; i < 200; i++) f().dispose();
    const n = 5000;
    const t = performance.now();
    for (let i = 0; i < n; i++) f().dispose();
    return ((performance.now() - t) / n) * 1000;
  };
  const cost = {
    binding: time(() => kernels.executeSingleOutput("AddV2", attrs, [a, b])),
    tfjs: time(() => tf.add(a, b)),
  };
  tf.dispose([a, b]);
  return cost;
}
const opCost = opCostMicros();
console.log(
  `one small op (AddV2 of 8 floats): ${opCost.binding.toFixed(1)} µs through the binding, ${opCost.tfjs.toFixed(1)} µs through tfjs (tf.add)`,
);

/** The compiled step of `model`: wall time of a step, and its kernels from TensorFlow's trace. */
function profileCompiled(model: tf.LayersModel) {
  const { step, trace, dispose } = randomCompiledStep(model);
  for (let i = 0; i < 3; i++) step();
  const t = performance.now();
  for (let i = 0; i < steps; i++) step();
  const wallMsPerStep = (performance.now() - t) / steps;
  const kernels: KernelRecord[] = [];
  for (let i = 0; i < steps; i++)
    for (const node of nodeTimes(trace())) kernels.push({ name: node.kernel, ms: node.micros / 1000 });
  dispose();
  return { wallMsPerStep, ...kernelBreakdown(kernels, steps, top) };
}

const results = [];
for (const name of models) {
  const model = buildModel(name);
  const { step, dispose } = randomTrainingStep(model);
  for (let i = 0; i < 3; i++) step();
  let t = performance.now();
  for (let i = 0; i < steps; i++) step();
  const wallMs = (performance.now() - t) / steps;
  records = [];
  t = performance.now();
  for (let i = 0; i < steps; i++) step();
  const profiledWallMs = (performance.now() - t) / steps;
  const b = kernelBreakdown(records, steps, top);
  records = null;
  const compiled = compiledUnavailable() ? null : profileCompiled(model);
  results.push({ model: name, wallMsPerStep: wallMs, profiledWallMsPerStep: profiledWallMs, ...b, compiled });
  const outside = profiledWallMs - b.kernelMsPerStep;
  console.log(
    `\n${name}: ${wallMs.toFixed(1)} ms/step (${((64 / wallMs) * 1000).toFixed(0)} img/s); timed: ${profiledWallMs.toFixed(1)} ms/step, ${b.kernelsPerStep} TensorFlow ops, ${b.kernelMsPerStep.toFixed(1)} ms inside them, ${outside.toFixed(1)} ms outside (${((outside / profiledWallMs) * 100).toFixed(0)}%)`,
  );
  console.log(`  ${"TensorFlow op".padEnd(24)} ${"calls".padStart(6)} ${"ms/step".padStart(8)} ${"share".padStart(6)}`);
  for (const k of b.top)
    console.log(
      `  ${k.name.padEnd(24)} ${String(k.callsPerStep).padStart(6)} ${k.msPerStep.toFixed(2).padStart(8)} ${(k.share * 100).toFixed(1).padStart(5)}%`,
    );
  if (compiled) {
    console.log(
      `  compiled: ${compiled.wallMsPerStep.toFixed(1)} ms/step (${((64 / compiled.wallMsPerStep) * 1000).toFixed(0)} img/s), ${compiled.kernelsPerStep} TensorFlow kernels, ${compiled.kernelMsPerStep.toFixed(1)} ms inside them (summed over threads)`,
    );
    for (const k of compiled.top)
      console.log(
        `  ${k.name.padEnd(32)} ${String(k.callsPerStep).padStart(6)} ${k.msPerStep.toFixed(2).padStart(8)} ${(k.share * 100).toFixed(1).padStart(5)}%`,
      );
  }
  model.dispose();
  dispose();
}
const out = benchResultPath("profile.json", flag(args, SAVE_REFERENCE_OPTION));
writeJsonAtomic(out, {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  node: process.version,
  tfjs: tf.version.tfjs,
  backend,
  steps,
  opCostMicros: opCost,
  results,
});
console.log(`\nwrote ${out}`);
