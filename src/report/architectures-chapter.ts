/** The architectures chapter: each model's best dev accuracy beside the original's. */
import { originalDevAccuracy, type ModelName } from "../config.js";
import type { Run } from "../experiments/store.js";
import { STUDY_MODELS } from "../experiments/study.js";
import { devInterval } from "../experiments/results.js";
import { pct } from "./study-report.js";

/** The architecture comparison: each model's best dev accuracy (ours, with its interval) next to the original's. */
export function architectureRows(runs: Run[], models: readonly ModelName[] = STUDY_MODELS) {
  return models.map((m: ModelName) => {
    const run = runs.find((r) => r.config.model === m);
    return {
      model: m,
      ours: pct(run?.done?.best?.accuracy),
      interval: devInterval(run),
      original: originalDevAccuracy(m),
    };
  });
}
