/**
 * Where a training step's time goes on the native backend (`npm run bench:profile`,
 * output_dir/bench/profile.json) as a report table: per model the step time, the TensorFlow
 * ops it executes, the share spent inside them, and the hottest ops.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { KernelBreakdown } from "../../runtime/kernel-profile.js";
import { displayPath, outputDir } from "../../util/paths.js";
import type { MimeBundle } from "./display.js";
import { markdownNote, table } from "./tables.js";

export interface ProfileFile {
  date: string;
  cpu: string;
  cores: number;
  tfjs: string;
  steps: number;
  opCostMicros?: { binding: number; tfjs: number };
  results: (KernelBreakdown & {
    model: string;
    wallMsPerStep: number;
    profiledWallMsPerStep: number;
    /** the compiled step's (absent in profiles from before it) */
    compiled?: (KernelBreakdown & { wallMsPerStep: number }) | null;
  })[];
}

export function profilePath(dir = outputDir()): string {
  return join(dir, "bench", "profile.json");
}

export function profileTable(path = profilePath(), hottest = 3): MimeBundle {
  if (!existsSync(path))
    return markdownNote(`No profile recorded yet (${displayPath(path)}); run: \`npm run bench:profile\`.`);
  const p = JSON.parse(readFileSync(path, "utf8")) as ProfileFile;
  const rows = p.results.map((r) => [
    r.model,
    r.wallMsPerStep,
    r.kernelsPerStep,
    (100 * r.kernelMsPerStep) / r.profiledWallMsPerStep,
    r.top
      .slice(0, hottest)
      .map((k) => `${k.name} ${(100 * k.share).toFixed(0)}%`)
      .join(", "),
  ]);
  const opCost = p.opCostMicros
    ? ` One tiny op (adding 8 floats) costs ${p.opCostMicros.binding.toFixed(1)} µs through the binding and ${p.opCostMicros.tfjs.toFixed(1)} µs through tfjs.`
    : "";
  const caption = `One training step (batch 64, Adam) on tfjs-node ${p.tfjs}, ${p.cpu}, ${p.cores} cores; ${p.date.slice(0, 10)}; mean of ${p.steps} steps. "Ops" are TensorFlow's kernels (each executeOp call timed); "% of the step in ops" is the time inside them; the rest is tfjs' own work between them.${opCost} From ${displayPath(path)}`;
  return table(
    ["model", "ms / step", "ops / step", "% of the step in ops", `hottest ops (share of op time)`],
    rows,
    caption,
  );
}

/** The compiled step's profile beside the eager step's time, or a note when the profile has none. */
export function compiledProfileTable(path = profilePath(), hottest = 4): MimeBundle {
  if (!existsSync(path))
    return markdownNote(`No profile recorded yet (${displayPath(path)}); run: \`npm run bench:profile\`.`);
  const p = JSON.parse(readFileSync(path, "utf8")) as ProfileFile;
  const profiled = p.results.filter((r) => r.compiled);
  if (profiled.length === 0)
    return markdownNote(`${displayPath(path)} has no profile of the compiled step; run: \`npm run bench:profile\`.`);
  const rows = profiled.map((r) => [
    r.model,
    r.wallMsPerStep,
    r.compiled!.wallMsPerStep,
    r.compiled!.kernelsPerStep,
    r
      .compiled!.top.slice(0, hottest)
      .map((k) => `${k.name} ${(100 * k.share).toFixed(0)}%`)
      .join(", "),
  ]);
  const caption = `The compiled step (one TensorFlow graph a step) beside the eager step: batch 64, Adam, ${p.cpu}, ${p.cores} cores; ${p.date.slice(0, 10)}; mean of ${p.steps} steps. Kernels are read from TensorFlow's trace of a step; their shares are of the kernel time summed over the threads that ran them. From ${displayPath(path)}`;
  return table(["model", "eager ms / step", "compiled ms / step", "kernels / step", "hottest kernels"], rows, caption);
}
