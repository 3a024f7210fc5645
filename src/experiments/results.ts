/**
 * The headline table of the study: every experiment of the report at a profile, ours beside
 * the original's figure, with its budget, backend and the command that reproduces it. Read
 * from the run store only (`npm run study -- --results` prints it; the README shows it).
 */
import { ORIGINAL_RESULTS, originalDevAccuracy } from "../config.js";
import { formatSeconds } from "../util/format.js";
import { epochsOf, runName, type ExperimentConfig, type Profile } from "./config.js";
import { describeContinuation } from "./continue-run.js";
import { reproduceCommand } from "./reproduce.js";
import { findRun, type Run } from "./store.js";
import { RunFileError } from "../train/run-files.js";
import { STUDY_SECTIONS, studyConfigs, type StudySection } from "./study.js";

export interface ResultRow {
  section: StudySection;
  experiment: string;
  /** Best dev accuracy (%); for the final model, test accuracy (%) when evaluated. */
  ours: number | null;
  metric: "dev" | "test";
  original: number | null;
  budget: string;
  backend: string;
  command: string;
  run: string;
  /** For a damaged run: what is wrong and how to repair it. */
  damage?: string;
}

function experimentLabel(section: StudySection, cfg: ExperimentConfig): string {
  switch (section) {
    case "architectures":
      return cfg.model;
    case "losses":
      return `resnet, ${cfg.loss}`;
    case "augmentation":
      return `resnet, augmentProb ${cfg.augmentProb}`;
    case "ablation":
      return `resnet, only ${cfg.augmentOps.join("+")}`;
    case "seeds":
      return `${cfg.model}, seed ${cfg.seed}`;
    case "schedule":
      return `${cfg.model}, ${cfg.schedule.kind === "cosine" ? `cosine from ${cfg.schedule.initialLearningRate}` : "the original's schedule"}`;
    case "final":
      return `final: ${cfg.model}, ${cfg.loss}, 59,990 images (test)`;
  }
}

/** The original's figure for the same experiment, where the original reported one. */
function originalFigure(section: StudySection, cfg: ExperimentConfig): number | null {
  const baseline = cfg.loss === "cross_entropy" && cfg.augmentProb === 0.3 && cfg.augmentOps.length === 5;
  if (section === "architectures") return originalDevAccuracy(cfg.model);
  if (section === "losses") return ORIGINAL_RESULTS.losses[cfg.loss] ?? null;
  if (section === "augmentation" && baseline) return originalDevAccuracy("resnet");
  if (section === "final") return ORIGINAL_RESULTS.finalTest;
  return null;
}

function oursFigure(run: Run | null): { ours: number | null; metric: "dev" | "test" } {
  if (!run?.done) return { ours: null, metric: "dev" };
  if (run.config.split === "final") {
    const e = run.evaluation as { accuracy?: number } | null;
    return { ours: typeof e?.accuracy === "number" ? 100 * e.accuracy : null, metric: "test" };
  }
  return { ours: run.done.best ? 100 * run.done.best.accuracy : null, metric: "dev" };
}

export function resultRows(profile: Profile, outputDir?: string): ResultRow[] {
  return STUDY_SECTIONS.flatMap((section) =>
    studyConfigs(section, profile).map((cfg) => {
      let run: Run | null = null;
      let damage: string | undefined;
      try {
        run = findRun(cfg, outputDir);
      } catch (err) {
        if (!(err instanceof RunFileError)) throw err;
        damage = err.message;
      }
      return {
        section,
        experiment: experimentLabel(section, cfg),
        ...oursFigure(run),
        original: originalFigure(section, cfg),
        budget: `${cfg.steps.toLocaleString("en-US")} steps (${epochsOf(cfg).toFixed(1)} epochs)${run?.done ? `, ${formatSeconds(run.done.trainSeconds)}` : ""}${run?.continuedFrom ? `, ${describeContinuation(run.continuedFrom)}` : ""}`,
        backend: damage ? "damaged" : (run?.done?.backend.name ?? "not run"),
        // the final model's figure is its test accuracy: evaluate after training
        command: reproduceCommand(cfg),
        run: runName(cfg),
        ...(damage ? { damage } : {}),
      };
    }),
  );
}

const cell = (x: number | null) => (x === null ? "–" : `${x.toFixed(2)}%`);

/** The rows as a Markdown table. */
export function resultsMarkdown(rows: ResultRow[]): string {
  const lines = [
    "| section | experiment | ours | original | budget | backend | reproduce |",
    "| --- | --- | ---: | ---: | --- | --- | --- |",
  ];
  for (const r of rows)
    lines.push(
      `| ${r.section} | ${r.experiment} | ${cell(r.ours)} | ${cell(r.original)} | ${r.budget} | ${r.backend} | \`${r.command}\` |`,
    );
  const damaged = rows.filter((r) => r.damage);
  if (damaged.length) lines.push("", ...damaged.map((r) => `Damaged: ${r.damage}`));
  return lines.join("\n");
}
