/**
 * Picks the fastest TensorFlow.js backend this machine has: native TensorFlow with CUDA
 * (`@tensorflow/tfjs-node-gpu`), native TensorFlow on the CPU (`@tensorflow/tfjs-node`),
 * WebAssembly (with the training kernel it lacks registered by wasm-kernels.ts), then pure
 * JavaScript. `FMNIST_BACKEND` forces one: `tensorflow-gpu`, `tensorflow`, `wasm` or `cpu`.
 */
import * as tf from "@tensorflow/tfjs";
import { registerNativeReluGradient } from "./native-ops.js";
import { loadAddon } from "./addons.js";
import { projectRoot } from "../util/paths.js";

export const BACKEND_NAMES = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendInfo {
  /** Our name for it (one of BACKEND_NAMES). */
  name: BackendName;
  /** The name TensorFlow.js gives the active backend. */
  tfjsBackend: string;
  tfjsVersion: string;
  /** Why faster backends were passed over (empty when the fastest one was taken). */
  skipped: string[];
  /** The native backend: whether TensorFlow ran oneDNN's kernels (TF_ENABLE_ONEDNN_OPTS; absent in older runs). */
  oneDnn?: boolean;
}

/** Whether a backend has been initialised in this process (for the native one: TensorFlow has loaded). */
export function backendLoaded(): boolean {
  return active !== null;
}

/** The order tried when nothing is forced: fastest first. */
export const AUTO_ORDER: BackendName[] = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];

let active: BackendInfo | null = null;

/**
 * TensorFlow's C++ log lines (the CPU features it was not built for, oneDNN notes) read like
 * warnings: they are shown with FMNIST_DEBUG=1, or at a TF_CPP_MIN_LOG_LEVEL the user set.
 * Call before the native library loads.
 */
export function quietNativeLogs(): void {
  process.env.TF_CPP_MIN_LOG_LEVEL ??= process.env.FMNIST_DEBUG ? "0" : "2";
}

/** TensorFlow's switch for oneDNN's kernels and graph rewrites. */
export const ONEDNN_VARIABLE = "TF_ENABLE_ONEDNN_OPTS";

/**
 * oneDNN on, unless the user set the switch: TensorFlow turns it on by default only on some
 * CPUs, and leaves the rest on Eigen's kernels (on an AVX2-only EPYC, a compiled step of
 * simple_model_1 ran 31 ms with Eigen, 14.5 ms with oneDNN). On everywhere, every machine
 * runs the same kernels, as the AVX-512 machine that trained the first runs did by default.
 * Call before the native library loads.
 */
export function enableOneDnn(): void {
  process.env[ONEDNN_VARIABLE] ??= "1";
}

/** Whether this process's TensorFlow runs oneDNN (as the switch was when it loaded). */
function oneDnnOn(): boolean {
  return !["0", "false"].includes((process.env[ONEDNN_VARIABLE] ?? "1").toLowerCase());
}

/** native/stderr_guard.c: file descriptor 2 off and on again (null where it was not built). */
function stderrGuard(): { silence(): boolean; restore(): void } | null {
  return loadAddon("stderr_guard.node");
}

/**
 * Loads a native library with standard error silenced unless FMNIST_DEBUG is set: TensorFlow
 * prints its load-time notes ("oneDNN custom operations are on") before its logging reads
 * TF_CPP_MIN_LOG_LEVEL. A failure to load still arrives as the import's error.
 */
async function quietlyLoading<T>(load: () => Promise<T>): Promise<T> {
  const guard = process.env.FMNIST_DEBUG ? null : stderrGuard();
  guard?.silence();
  try {
    return await load();
  } finally {
    guard?.restore();
  }
}

async function tryBackend(name: BackendName): Promise<void> {
  quietNativeLogs();
  enableOneDnn();
  switch (name) {
    case "tensorflow-gpu":
      await quietlyLoading(() => import(/* @vite-ignore */ "@tensorflow/tfjs-node-gpu" as string));
      await setOrThrow("tensorflow");
      registerNativeReluGradient();
      return;
    case "tensorflow":
      await quietlyLoading(() => import("@tensorflow/tfjs-node"));
      await setOrThrow("tensorflow");
      registerNativeReluGradient();
      return;
    case "wasm": {
      await import("@tensorflow/tfjs-backend-wasm");
      const { registerWasmTrainingKernels } = await import("./wasm-kernels.js");
      registerWasmTrainingKernels();
      await setOrThrow("wasm");
      return;
    }
    case "cpu":
      await setOrThrow("cpu");
      // We choose the pure-JS backend knowingly; skip its "install tfjs-node" banner.
      (tf.backend() as unknown as { firstUse: boolean }).firstUse = false;
      return;
  }
}

async function setOrThrow(tfName: string): Promise<void> {
  if (!(await tf.setBackend(tfName))) throw new Error(`tf.setBackend('${tfName}') failed`);
  await tf.ready();
}

/** A message without this machine's paths (it is recorded in committed run files): relative to the project, or dropped. */
export function withoutLocalPaths(message: string): string {
  return message
    .replace(/ imported from \S+/g, "")
    .split(`${projectRoot()}/`)
    .join("");
}

/** Initialises the backend once per process and says which one runs. */
export async function initBackend(forced: string | undefined = process.env.FMNIST_BACKEND): Promise<BackendInfo> {
  if (active) return active;
  if (forced !== undefined && forced !== "" && !BACKEND_NAMES.includes(forced as BackendName)) {
    throw new Error(`FMNIST_BACKEND='${forced}' is not a backend; expected one of ${BACKEND_NAMES.join(", ")}`);
  }
  const order: BackendName[] = forced ? [forced as BackendName] : AUTO_ORDER;
  const skipped: string[] = [];
  for (const name of order) {
    try {
      await tryBackend(name);
      active = {
        name,
        tfjsBackend: tf.getBackend(),
        tfjsVersion: tf.version.tfjs,
        skipped,
        ...(name.startsWith("tensorflow") ? { oneDnn: oneDnnOn() } : {}),
      };
      return active;
    } catch (err) {
      const reason = withoutLocalPaths((err as Error).message.split("\n")[0]);
      if (forced) throw new Error(`FMNIST_BACKEND=${forced} cannot be used here: ${reason}`);
      skipped.push(`${name}: ${reason}`);
    }
  }
  throw new Error(`no TensorFlow.js backend could start:\n  ${skipped.join("\n  ")}`);
}
