/**
 * The arithmetic of the native backend's convolutions and matrix products. `fp32` is the study's
 * (the original's). `bf16` asks oneDNN to compute them in bfloat16 with fp32 accumulation
 * (ONEDNN_DEFAULT_FPMATH_MODE=BF16), which CPUs with AVX512_BF16 or AMX run faster; the weights,
 * the optimizer and everything else stay fp32. oneDNN reads the mode once, when TensorFlow loads,
 * so a process trains in one precision: a run asking for the other is refused with how to train it.
 */
import { readFileSync } from "node:fs";
import { ExpectedError } from "../util/errors.js";

export const PRECISIONS = ["fp32", "bf16"] as const;
export type Precision = (typeof PRECISIONS)[number];

/** oneDNN's variable, and its value for bf16 math. */
export const FPMATH_VARIABLE = "ONEDNN_DEFAULT_FPMATH_MODE";
const FPMATH_BF16 = "BF16";

/** The CPU flags (from /proc/cpuinfo) that give bf16 arithmetic in hardware. */
export const BF16_FLAGS = ["avx512_bf16", "amx_bf16"] as const;

/** The bf16 flags among a /proc/cpuinfo text's flags. */
export function bf16Flags(cpuinfo: string): string[] {
  const flags = new Set((/^flags\s*:(.*)$/m.exec(cpuinfo)?.[1] ?? "").trim().split(/\s+/));
  return BF16_FLAGS.filter((f) => flags.has(f));
}

/** This machine's bf16 flags (none where /proc/cpuinfo cannot be read). */
export function cpuBf16Flags(): string[] {
  try {
    return bf16Flags(readFileSync("/proc/cpuinfo", "utf8"));
  } catch {
    return [];
  }
}

/** What the benchmark records of this CPU's arithmetic: its bf16 flags, or that it has none. */
export function cpuFeatures(flags: string[] = cpuBf16Flags()): string {
  return flags.length > 0 ? `bf16: ${flags.join(", ")}` : `no bf16 arithmetic (neither ${BF16_FLAGS.join(" nor ")})`;
}

/** The precision the math mode of this process gives (as set now, or as TensorFlow loaded it). */
export function processPrecision(env: NodeJS.ProcessEnv = process.env): Precision {
  return env[FPMATH_VARIABLE]?.toUpperCase() === FPMATH_BF16 ? "bf16" : "fp32";
}

/**
 * Prepares this process for a run in `precision`, before TensorFlow loads (`loaded`: it has
 * loaded already, so its mode is fixed). Throws, saying what to do, when the CPU has no bf16
 * arithmetic or the process already runs in the other precision.
 */
export function usePrecision(precision: Precision, loaded: boolean, flags: string[] = cpuBf16Flags()): void {
  if (precision === "bf16" && flags.length === 0)
    throw new ExpectedError(
      `precision bf16 needs a CPU with bf16 arithmetic (${BF16_FLAGS.join(" or ")} in /proc/cpuinfo); this one has neither: train in fp32 (drop --precision bf16)`,
    );
  const current = processPrecision();
  if (current === precision) return;
  if (loaded)
    throw new ExpectedError(
      `this process computes in ${current} (TensorFlow read ${FPMATH_VARIABLE} when it loaded), and the run asks for ${precision}: train it in a process of its own, with npm run train -- … --precision ${precision}`,
    );
  if (precision === "bf16") process.env[FPMATH_VARIABLE] = FPMATH_BF16;
  else delete process.env[FPMATH_VARIABLE];
}
