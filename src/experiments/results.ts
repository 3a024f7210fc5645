/**
 * The headline table of the study: every experiment of the report at a profile, ours beside
 * the original's figure, with its budget, backend and the command that reproduces it. Read
 * from the run store only (`npm run study -- --results` prints it; the README shows it).
 */
import { NUM_CLASSES, ORIGINAL_RESULTS, originalDevAccuracy } from "../config.js";
import { formatSeconds } from "../util/format.js";
import { fewerCoresPhrase } from "../util/machine.js";
import { wilsonInterval } from "../util/stats.js";
import { epochsOf, runName, trainingImages, type ExperimentConfig, type Profile } from "./config.js";
import { describeContinuation } from "./continue-run.js";
import { reproduceCommand } from "./reproduce.js";
import { findRun, type Run } from "./store.js";
import { RunFileError } from "../train/run-files.js";
import { scheduleLabel } from "../train/schedule.js";
import { STUDY_SECTIONS, studyConfigs, type StudySection } from "./study.js";

export interface ResultRow {
  section: StudySection;
  experiment: string;
  /** Best dev accuracy (%); for the final model, test accuracy (%) when evaluated. */
  ours: number | null;
  /** Its 95% Wilson interval (%) over the images it was measured on. */
  interval: [number, number] | null;
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
      return `${cfg.model}${cfg.model === "resnet" ? `, ${cfg.loss}, augmentProb ${cfg.augmentProb}` : ""}, seed ${cfg.seed}`;
    case "augmentation_long":
      return `resnet, augmentProb ${cfg.augmentProb}, ${cfg.steps.toLocaleString("en-US")} steps`;
    case "equal_step":
      return `${cfg.model}, ${cfg.steps.toLocaleString("en-US")} steps`;
    case "schedule":
      // its final config is the study's final model: trained with the schedule the dev split chose
      return cfg.split === "final"
        ? `the study's final model: ${finalModelWords(cfg)} (chosen on dev), ${finalImages(cfg)}`
        : `${cfg.model}, ${scheduleLabel(cfg.schedule)}`;
    case "final":
      return `the faithful reproduction: ${finalModelWords(cfg)}, ${finalImages(cfg)}`;
  }
}

const finalModelWords = (cfg: ExperimentConfig) => `${cfg.model}, ${cfg.loss}, ${scheduleLabel(cfg.schedule)}`;
const finalImages = (cfg: ExperimentConfig) => `${trainingImages(cfg).toLocaleString("en-US")} images (test)`;

/** The original's figure for the same experiment, where the original reported one. */
function originalFigure(section: StudySection, cfg: ExperimentConfig): number | null {
  const baseline = cfg.loss === "cross_entropy" && cfg.augmentProb === 0.3 && cfg.augmentOps.length === 5;
  if (section === "architectures") return originalDevAccuracy(cfg.model);
  if (section === "losses") return ORIGINAL_RESULTS.losses[cfg.loss] ?? null;
  if (section === "augmentation" && baseline) return originalDevAccuracy("resnet");
  if (cfg.split === "final") return ORIGINAL_RESULTS.finalTest;
  return null;
}

/** The 95% Wilson interval (%) of an accuracy measured on n images. */
function intervalOf(accuracy: number, n: number): [number, number] {
  const i = wilsonInterval(Math.round(accuracy * n), n);
  return [100 * i.low, 100 * i.high];
}

/**
 * A run's headline figure: its best dev accuracy, or for a final run its test accuracy once
 * evaluated; each with its interval (over the run's dev images, or the test images counted).
 */
export function oursFigure(run: Run | null): Pick<ResultRow, "ours" | "interval" | "metric"> {
  if (!run?.done) return { ours: null, interval: null, metric: "dev" };
  if (run.config.split === "final") {
    const e = run.evaluation as { accuracy?: number; confusion?: number[][] } | null;
    if (typeof e?.accuracy !== "number") return { ours: null, interval: null, metric: "test" };
    const n = e.confusion?.flat().reduce((a, b) => a + b, 0) ?? 0;
    return { ours: 100 * e.accuracy, interval: n > 0 ? intervalOf(e.accuracy, n) : null, metric: "test" };
  }
  const best = run.done.best;
  return { ours: best ? 100 * best.accuracy : null, interval: devInterval(run), metric: "dev" };
}

/** The 95% Wilson interval (%) of a run's best dev accuracy, over its dev images; null without one. */
export function devInterval(run: Run | null | undefined): [number, number] | null {
  const best = run?.done?.best;
  return run && best ? intervalOf(best.accuracy, run.config.devPerClass * NUM_CLASSES) : null;
}

/** Steps and epochs; for a finished run its training time, the steps it had fewer cores for, and where it continued from. */
function budgetOf(cfg: ExperimentConfig, run: Run | null): string {
  const fewer = run?.done?.machine ? fewerCoresPhrase(run.done.machine) : null;
  return [
    `${cfg.steps.toLocaleString("en-US")} steps (${epochsOf(cfg).toFixed(1)} epochs)`,
    ...(run?.done ? [formatSeconds(run.done.trainSeconds)] : []),
    ...(fewer ? [fewer] : []),
    ...(run?.continuedFrom ? [describeContinuation(run.continuedFrom)] : []),
  ].join(", ");
}

export function resultRows(profile: Profile, outputDir?: string): ResultRow[] {
  return STUDY_SECTIONS.flatMap((section) =>
    studyConfigs(section, profile, { outputDir }).map((cfg) => {
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
        budget: budgetOf(cfg, run),
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
const withInterval = (x: number | null, i: [number, number] | null) =>
  i === null ? cell(x) : `${cell(x)} (${i[0].toFixed(1)}–${i[1].toFixed(1)})`;

/** The rows as a Markdown table. */
export function resultsMarkdown(rows: ResultRow[]): string {
  const lines = [
    "| section | experiment | ours (95% interval) | original | budget | backend | reproduce |",
    "| --- | --- | ---: | ---: | --- | --- | --- |",
  ];
  for (const r of rows)
    lines.push(
      `| ${r.section} | ${r.experiment} | ${withInterval(r.ours, r.interval)} | ${cell(r.original)} | ${r.budget} | ${r.backend} | \`${r.command}\` |`,
    );
  const damaged = rows.filter((r) => r.damage);
  if (damaged.length) lines.push("", ...damaged.map((r) => `Damaged: ${r.damage}`));
  return lines.join("\n");
}
