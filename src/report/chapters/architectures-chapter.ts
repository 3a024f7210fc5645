/** The architectures chapter: each model's best dev accuracy beside the original's. */
import { originalDevAccuracy, type ModelName } from "../../config.js";
import type { Run } from "../../experiments/store.js";
import { scheduleCandidates, STUDY_MODELS } from "../../experiments/study.js";
import type { Profile } from "../../experiments/config.js";
import { devInterval } from "../../experiments/results.js";
import { ensureRun, missingNote, pct, runSection } from "./study-report.js";
import { show } from "../display/display.js";

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

/**
 * The runs of the second equal step against the original's logs, at the profile's final budget:
 * simple_model_1 and simple_model_2 (section equal_step) and inception (the schedule section's
 * candidate with the original's schedule). Missing ones are trained where training is allowed,
 * else named in a note.
 */
export async function equalStepRuns(profile: Profile, seed = 0): Promise<Run[]> {
  const { runs } = await runSection("equal_step", profile, { seed });
  const inception = scheduleCandidates(profile, { seed })[0];
  const run = await ensureRun(inception);
  if (run) return [...runs, run];
  const note = missingNote([inception], profile);
  if (note) show(note);
  return runs;
}
