/**
 * The schedule chapter, beyond the original: which learning-rate schedule the dev split chose
 * among the candidates, and the final models (one per schedule) scored on the test set beside
 * the original's final figure, with their intervals and a paired test between them.
 */
import { ORIGINAL_FINAL_STEPS, ORIGINAL_RESULTS } from "../../config.js";
import { loadTestSetForFinalEvaluation } from "../../data/dataset.js";
import { trainingImages, type ExperimentConfig, type Profile } from "../../experiments/config.js";
import { runState } from "../../experiments/store.js";
import {
  chosenSchedule,
  finalConfig,
  finalConfigWith,
  scheduleCandidates,
  type StudyOverrides,
} from "../../experiments/study.js";
import { scheduleLabel } from "../../train/schedule.js";
import type { MimeBundle } from "../display/display.js";
import { testEvaluation } from "./final-model-chapter.js";
import {
  compare,
  formatInterval,
  scoreFigure,
  scoreTest,
  sectionFindings,
  type Scored,
} from "../statistics/findings.js";
import { ensureRun, trainingAllowed } from "./study-report.js";
import { markdownNote, table } from "../display/tables.js";

/**
 * Which schedule the dev split chose (the rule `npm run study` follows: the candidate with the
 * highest best dev accuracy), whether the paired test backs the choice, and what follows for the
 * final model; before every candidate has finished, how many it still waits for.
 */
export function scheduleChoiceNote(
  profile: Profile,
  overrides: StudyOverrides,
  scored: Scored[],
  outputDir?: string,
): MimeBundle {
  const candidates = scheduleCandidates(profile, overrides);
  const chosen = chosenSchedule(profile, overrides, outputDir);
  if (!chosen) {
    const finished = candidates.filter((cfg) => runState(cfg, outputDir).state === "done").length;
    return markdownNote(
      `The choice waits for its candidates: ${finished} of ${candidates.length} finished. Until then the final model keeps the original's schedule.`,
    );
  }
  const label = scheduleLabel(chosen);
  const winner = scored.find((s) => s.label === label);
  const ties = winner ? scored.filter((s) => s !== winner && compare(winner, s).verdict === "tie") : [];
  const doubt = ties.length
    ? ` This is a choice, not a finding: the paired test cannot tell it from ${ties.map((s) => s.label).join(" or ")}.`
    : "";
  const next =
    chosen.kind === "staircase"
      ? "The final model keeps the original's schedule: it is the one of the Final model chapter."
      : `The final model is trained again with it, on the same ${trainingImages(finalConfig(profile, overrides)).toLocaleString("en-US")} images and for the same steps, and scored once on the test set.`;
  return markdownNote(
    `The dev split chooses ${label}, the candidate with the highest best dev accuracy.${doubt} ${next}`,
  );
}

/**
 * The final models to compare, each scored on the test set (its eval.json, computed once where
 * missing): once the dev split has chosen another schedule, the study's final model (trained
 * with it) and the faithful reproduction (the original's schedule); before, the one final model. A final model not yet trained is
 * left out (the runs' own notes name it).
 */
export async function scheduleFinals(
  profile: Profile,
  overrides: StudyOverrides = {},
  train = trainingAllowed(),
): Promise<Scored[]> {
  const chosen = chosenSchedule(profile, overrides);
  // with two, each says which it is: the study's final model and the faithful reproduction
  const configs: [ExperimentConfig, string][] =
    chosen?.kind === "cosine"
      ? [
          [
            finalConfigWith(profile, chosen, overrides),
            `the study's final model (${scheduleLabel(chosen)}, chosen on dev)`,
          ],
          [finalConfig(profile, overrides), `the faithful reproduction (original schedule)`],
        ]
      : [[finalConfig(profile, overrides), scheduleLabel(finalConfig(profile, overrides).schedule)]];
  const scored: Scored[] = [];
  let testLabels: Uint8Array | null = null;
  for (const [cfg, label] of configs) {
    const run = await ensureRun(cfg, train);
    if (!run) continue;
    testLabels ??= loadTestSetForFinalEvaluation().labels;
    scored.push(scoreTest(run, label, await testEvaluation(run), testLabels));
  }
  return scored;
}

/** The final models' test accuracy with its interval, beside the original's final figure. */
export function finalsTable(scored: Scored[]): MimeBundle {
  return table(
    ["final model", "schedule", "steps", "test %", "95% interval", "original: test %"],
    scored.map((s) => [
      s.label,
      scheduleLabel(s.run.config.schedule),
      s.run.config.steps,
      100 * s.accuracy,
      formatInterval(s.interval),
      ORIGINAL_RESULTS.finalTest,
    ]),
    `The final models on the ${scored[0]?.n.toLocaleString("en-US") ?? ""} test images (their runs: the Provenance appendix); the original's ${ORIGINAL_RESULTS.finalTest}% came after ${ORIGINAL_FINAL_STEPS.toLocaleString("en-US")} steps`,
  );
}

/** A final model's label opening a sentence: one that names the model ("the study's final model (…)") stands alone; a schedule's is prefixed. */
export function finalModelSubject(label: string): string {
  return label.startsWith("the ") ? `The ${label.slice(4)}` : `Final model, ${label}`;
}

/** Where a final model stands to the original's final figure: above, below, or not distinguishable by its interval. */
export function goalSentence(s: Scored): string {
  const goal = ORIGINAL_RESULTS.finalTest;
  const original = `the original's ${goal}% after ${ORIGINAL_FINAL_STEPS.toLocaleString("en-US")} steps`;
  const ours = `${finalModelSubject(s.label)}: ${scoreFigure(s)} after ${s.run.config.steps.toLocaleString("en-US")} steps`;
  const low = 100 * s.interval.low;
  const high = 100 * s.interval.high;
  if (low > goal) return `${ours}: above ${original}, beyond the interval.`;
  if (high < goal)
    return `${ours}: short of ${original} by ${(goal - 100 * s.accuracy).toFixed(2)} points, beyond the interval.`;
  return `${ours}: ${original} lies inside its interval, so the test set cannot tell the two apart.`;
}

/** The final models against the goal, and against each other on the same test images. */
export function finalsText(scored: Scored[]): string {
  if (scored.length === 0) return "No final model is trained at this profile yet: nothing to compare.";
  const goal = scored.map(goalSentence).join(" ");
  return scored.length > 1 ? `${goal} ${sectionFindings(scored)}` : goal;
}

export function finalsNote(scored: Scored[]): MimeBundle {
  return markdownNote(finalsText(scored));
}
