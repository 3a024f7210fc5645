/**
 * The closing chapter: every experiment of the study in one table (ours at this budget with its
 * 95% interval, the original's dev accuracy at the same step where its logs have it, the
 * original's reported figure), and the conclusions that hold: the original's claims that our
 * runs decide, either way, beyond chance; then what the schedule candidates and the final models
 * show beyond the original.
 */
import { ORIGINAL_RESULTS, originalDevAccuracy } from "../config.js";
import type { Profile } from "../experiments/config.js";
import type { Run } from "../experiments/store.js";
import { SCHEDULE_MODEL, STUDY_SECTIONS, type StudySection } from "../experiments/study.js";
import type { MimeBundle } from "./display.js";
import {
  ALPHA,
  checkClaims,
  compare,
  formatInterval,
  ORIGINAL_CLAIMS,
  scoreRuns,
  sectionFindings,
  stanceOn,
  type OriginalClaim,
  type Scored,
} from "./findings.js";
import { loadOriginalCurves, originalDevAt } from "./original-curves.js";
import { finalsText, scheduleFinals } from "./schedule-chapter.js";
import { labelBy, runSection } from "./study-report.js";
import { markdownNotes, table } from "./tables.js";

/** The sections compared in the findings, and how each labels its runs in its claims. */
const LABELS: Partial<Record<StudySection, (r: Run) => string>> = {
  architectures: labelBy.model,
  losses: labelBy.loss,
  augmentation: labelBy.augmentProb,
  ablation: (r) => `only ${r.config.augmentOps.join("+")}`,
  schedule: labelBy.schedule,
};

const CLAIMS: Partial<Record<StudySection, OriginalClaim[]>> = ORIGINAL_CLAIMS;

function originalReported(section: StudySection, run: Run): number | null {
  if (section === "architectures") return originalDevAccuracy(run.config.model);
  if (section === "losses") return ORIGINAL_RESULTS.losses[run.config.loss] ?? null;
  if (section === "augmentation" && run.config.augmentProb === 0.3) return originalDevAccuracy("resnet");
  return null;
}

export interface StudyFindings {
  table: MimeBundle;
  conclusions: MimeBundle;
}

/** The findings of every section at `profile`, from the run store. */
export async function studyFindings(profile: Profile): Promise<StudyFindings> {
  const curves = loadOriginalCurves();
  const rows: (string | number | null)[][] = [];
  const decided: string[] = [];
  let undecided = 0;
  let devImages: number | undefined;
  let schedules: Scored[] = [];
  for (const section of STUDY_SECTIONS) {
    const labelOf = LABELS[section];
    if (!labelOf) continue;
    const { runs } = await runSection(section, profile, {}, { quiet: true, train: false });
    // dev runs only: the schedule section's final model is scored on the test set, below
    const scored: Scored[] = await scoreRuns(
      runs.filter((r) => r.config.split === "dev"),
      labelOf,
    );
    devImages ??= scored[0]?.n;
    if (section === "schedule") schedules = scored;
    for (const s of scored) {
      const step = s.run.done!.steps;
      const sameStep = originalDevAt(curves, s.run.config.model, step);
      const last = s.run.done!.last;
      rows.push([
        section,
        s.label,
        100 * s.accuracy,
        formatInterval(s.interval),
        last && last.step === step ? 100 * last.accuracy : null,
        sameStep === null ? null : 100 * sameStep,
        originalReported(section, s.run),
      ]);
    }
    for (const claim of CLAIMS[section] ?? []) {
      const a = scored.find((s) => s.label === claim.better);
      const b = scored.find((s) => s.label === claim.worse);
      if (!a || !b) continue;
      if (stanceOn(compare(a, b), claim.better) === "cannot tell") undecided++;
      else decided.push(`${section}: ${checkClaims([a, b], [claim])[0]}`);
    }
  }
  const t = table(
    [
      "section",
      "experiment",
      "ours: best dev %",
      "95% interval",
      "ours: dev % at the last step",
      "original: dev % at that step",
      "original: reported %",
    ],
    rows,
    `Every experiment at profile ${profile}. "Best" is the best of a run's dev evaluations; at its last step it compares with the original at the same step, from the original's TensorBoard logs (simple_model_1, simple_model_2, inception). The original's reported figures are plateau readings after 200,000 or 300,000 steps.`,
  );
  const blocks: (string | string[])[] = decided.length
    ? [
        `Conclusions that hold at this budget (each a paired test on the same ${devImages?.toLocaleString("en-US")} dev images, p < ${ALPHA}):`,
        decided,
      ]
    : [
        "No claim of the original is decided either way at this budget: every compared pair lies within what the dev set can resolve.",
      ];
  if (undecided) blocks.push(`${undecided} more of the original's comparisons cannot be told apart here.`);
  if (schedules.length > 1)
    blocks.push(
      `Beyond the original, the learning-rate schedule (${SCHEDULE_MODEL}, dev split): ${sectionFindings(schedules)}`,
    );
  const finals = await scheduleFinals(profile, {}, false);
  if (finals.length) blocks.push(`The final models on the test set: ${finalsText(finals)}`);
  return { table: t, conclusions: markdownNotes(blocks) };
}
