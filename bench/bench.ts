/**
 * `npm run bench`: training and inference throughput of the five models on every TensorFlow.js
 * backend here, beside the same architectures in tf.keras and PyTorch on the same CPU, measured
 * in one run. Prints a table and writes output_dir/bench/train.json.
 * Options: --steps N (timed steps per model, default 20), --cap S (seconds per model, default 60).
 */
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { MODEL_NAMES } from "../src/config.js";
import { benchResultPath, projectPath, SAVE_REFERENCE_OPTION } from "../src/util/paths.js";
import { writeJsonAtomic } from "../src/util/atomic.js";
import { flag, numberOption, parseCli, str } from "../src/cli/args.js";
import { cpuFeatures } from "../src/runtime/precision.js";
import { enableOneDnn, ONEDNN_VARIABLE } from "../src/runtime/backend.js";

const USAGE = `usage: npm run bench -- [--steps N] [--cap SECONDS] [--rounds N] [--${SAVE_REFERENCE_OPTION}]

  --rounds N  measure our native paths and the peers N times, one round after another, and keep
              each figure's best round (default 2): a passing slowdown of a shared machine then
              costs one round, not the comparison

  --${SAVE_REFERENCE_OPTION}  replace the reference figures the report reads (output_dir/bench/train.json); without it they go to bench/latest/`;
const args = parseCli(USAGE, {
  steps: { type: "string" },
  cap: { type: "string" },
  rounds: { type: "string" },
  [SAVE_REFERENCE_OPTION]: { type: "boolean" },
});
const steps = numberOption(USAGE, "steps", str(args, "steps"), 1, 10_000, 20)!;
const cap = numberOption(USAGE, "cap", str(args, "cap"), 1, 3_600, 60)!;
const rounds = numberOption(USAGE, "rounds", str(args, "rounds"), 1, 10, 2)!;

interface Row {
  framework: string;
  backend?: string;
  engine?: string;
  model: string;
  train_img_per_s?: number;
  eval_img_per_s?: number;
  train_gflops?: number;
  peak_rss_mb?: number;
  error?: string;
  skipped?: string;
  version?: string;
}

function jsonLines(cmd: string, argv: string[]): Row[] {
  process.stderr.write(`bench: ${[cmd, ...argv].join(" ")}\n`);
  const r = spawnSync(cmd, argv, { encoding: "utf8", env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "2" } });
  const rows = (r.stdout ?? "")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Row);
  if (r.status !== 0 && rows.length === 0)
    return MODEL_NAMES.map((model) => ({
      framework: argv.join(" "),
      model,
      error: (r.stderr ?? "").trim().split("\n").pop() ?? `exit ${r.status}`,
    }));
  return rows;
}

// Every framework runs TensorFlow's kernels with oneDNN as our training does (runtime/backend.ts):
// the same switch for all, so the comparison is of the step, not of the kernels' library.
enableOneDnn();
const tsx = projectPath("node_modules/.bin/tsx");
const python = projectPath(".venv/bin/python");
const workers = (backend: string, engine: string): [string, string[]] => [
  tsx,
  ["bench/tfjs-worker.ts", backend, engine, String(steps), String(cap), ...MODEL_NAMES],
];
// compared in every round: the native backend on both training paths (compiled: one TensorFlow
// graph a step), tf.keras in graph mode and op by op (as TensorFlow.js must run), PyTorch
const compared: [string, string[]][] = [
  workers("tensorflow", "compiled"),
  workers("tensorflow", "eager"),
  [python, ["bench/peer_keras.py", "--steps", String(steps), ...MODEL_NAMES]],
  [python, ["bench/peer_keras.py", "--eager", "--steps", String(steps), ...MODEL_NAMES]],
  [python, ["bench/peer_torch.py", "--steps", String(steps), ...MODEL_NAMES]],
];
const measured: Row[][] = [];
for (let round = 0; round < rounds; round++) for (const [cmd, argv] of compared) measured.push(jsonLines(cmd, argv));
// the slow fallbacks once
for (const backend of ["wasm", "cpu"]) measured.push(jsonLines(...workers(backend, "eager")));

/** One row per framework, path and model: each figure the best of its rounds. */
function bestOfRounds(all: Row[]): Row[] {
  const key = (r: Row) => [r.framework, r.backend ?? "", r.engine ?? "", r.model].join("|");
  const best = new Map<string, Row>();
  for (const r of all) {
    const b = best.get(key(r));
    if (!b || b.error || b.skipped) {
      best.set(key(r), { ...r });
      continue;
    }
    if (r.error || r.skipped) continue;
    b.train_img_per_s = Math.max(b.train_img_per_s ?? 0, r.train_img_per_s ?? 0);
    b.eval_img_per_s = Math.max(b.eval_img_per_s ?? 0, r.eval_img_per_s ?? 0);
    b.train_gflops = Math.max(b.train_gflops ?? 0, r.train_gflops ?? 0) || undefined;
    b.peak_rss_mb = Math.max(b.peak_rss_mb ?? 0, r.peak_rss_mb ?? 0);
  }
  return [...best.values()];
}
const rows = bestOfRounds(measured.flat());

const keras = new Map(rows.filter((r) => r.framework === "tf.keras").map((r) => [r.model, r]));
const label = (r: Row) => (r.backend ? `tfjs ${r.backend}${r.engine === "compiled" ? " compiled" : ""}` : r.framework);
const ratio = (ours: number | undefined, theirs: number | undefined) => {
  const x = (ours ?? NaN) / (theirs ?? NaN);
  return Number.isFinite(x) ? x.toFixed(2) : "";
};
console.log(
  `\nCPU: ${cpus()[0]?.model}, ${cpus().length} cores; ${cpuFeatures()}; ${ONEDNN_VARIABLE}=${process.env[ONEDNN_VARIABLE]}`,
);
console.log(
  `${"model".padEnd(17)} ${"framework".padEnd(20)} ${"train img/s".padStart(11)} ${"eval img/s".padStart(10)} ${"GFLOP/s".padStart(8)} ${"peak MB".padStart(8)} ${"train/keras".padStart(11)} ${"eval/keras".padStart(10)}`,
);
for (const model of MODEL_NAMES) {
  for (const r of rows.filter((x) => x.model === model)) {
    if (r.error || r.skipped) {
      console.log(
        `${model.padEnd(17)} ${label(r).padEnd(20)} ${r.error ? `fails: ${r.error}` : `skipped: ${r.skipped}`}`,
      );
      continue;
    }
    const k = keras.get(model);
    console.log(
      `${model.padEnd(17)} ${label(r).padEnd(20)} ${r.train_img_per_s!.toFixed(1).padStart(11)} ${r.eval_img_per_s!.toFixed(0).padStart(10)} ${(r.train_gflops?.toFixed(1) ?? "").padStart(8)} ${r.peak_rss_mb!.toFixed(0).padStart(8)} ${ratio(r.train_img_per_s, k?.train_img_per_s).padStart(11)} ${ratio(r.eval_img_per_s, k?.eval_img_per_s).padStart(10)}`,
    );
  }
}
const out = benchResultPath("train.json", flag(args, SAVE_REFERENCE_OPTION));
writeJsonAtomic(out, {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  cpuFeatures: cpuFeatures(),
  [ONEDNN_VARIABLE]: process.env[ONEDNN_VARIABLE],
  node: process.version,
  steps,
  capSeconds: cap,
  rounds,
  rows,
  measured: measured.flat(),
});
console.log(`\nwrote ${out}`);
