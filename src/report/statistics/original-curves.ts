/**
 * The original study's own training curves (its TensorBoard logs for simple_model_1,
 * simple_model_2 and inception, extracted into output_dir/original/curves.json with their
 * source), beside ours: compared at the same step, not only at the end of its far longer runs.
 */
import { existsSync, readFileSync } from "node:fs";
import { MODEL_NAMES, ORIGINAL_MODELS, originalDevAccuracy, PATHS, type ModelName } from "../../config.js";
import type { Run } from "../../experiments/store.js";
import { displayPath, projectPath } from "../../util/paths.js";
import { ExpectedError } from "../../util/errors.js";
import type { DevLine } from "../../train/run-files.js";
import { figureBundle, stepsLayout, seriesColour } from "../display/charts.js";
import type { MimeBundle } from "../display/display.js";
import { table } from "../display/tables.js";

export interface OriginalDevPoint {
  step: number;
  accuracy: number;
  perClass: number[];
}

export interface OriginalCurves {
  source: { repository: string; commit: string; files: string[] };
  note: string;
  runs: Partial<
    Record<
      ModelName,
      {
        originalRun: string;
        dev: OriginalDevPoint[];
        train: { step: number; accuracy: number; loss: number; learningRate: number }[];
      }
    >
  >;
  /** Where it was read from. */
  path: string;
}

/** Reads the extracted curves; one clear error naming the file when it is missing or damaged. */
export function loadOriginalCurves(path: string = projectPath(PATHS.originalCurves)): OriginalCurves {
  if (!existsSync(path))
    throw new ExpectedError(
      `${path} is missing: it is committed with the project (scripts/original/extract_curves.py writes it from the original's repository)`,
    );
  let parsed: OriginalCurves;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new ExpectedError(
      `${path} is not valid JSON (${(err as Error).message}); restore it with git checkout -- ${PATHS.originalCurves}`,
    );
  }
  const ok =
    parsed &&
    typeof parsed.source?.commit === "string" &&
    parsed.runs &&
    Object.values(parsed.runs).every(
      (r) =>
        Array.isArray(r?.dev) &&
        r.dev.every(
          (p) =>
            Number.isInteger(p.step) &&
            p.step >= 0 &&
            typeof p.accuracy === "number" &&
            p.accuracy >= 0 &&
            p.accuracy <= 1,
        ),
    );
  if (!ok)
    throw new ExpectedError(
      `${path} does not hold the original's curves (expected source.commit and runs.<model>.dev[] of {step ≥ 0, accuracy in [0, 1]}); restore it with git checkout -- ${PATHS.originalCurves}`,
    );
  return { ...parsed, path };
}

/** The original's dev accuracy at exactly `step`, or null where its logs have no such point. */
export function originalDevAt(curves: OriginalCurves, model: ModelName, step: number): number | null {
  return curves.runs[model]?.dev.find((p) => p.step === step)?.accuracy ?? null;
}

/** Our dev accuracy at exactly `step`, or null. */
function oursAt(run: Run, step: number): number | null {
  return run.metrics.find((l): l is DevLine => l.kind === "dev" && l.step === step)?.accuracy ?? null;
}

export interface SameStepRow {
  model: ModelName;
  step: number;
  ours: number | null;
  original: number | null;
  /** The original's last logged point (step and accuracy), or null without logs. */
  originalEnd: { step: number; accuracy: number } | null;
  /** The figure the original's report gives (a plateau reading), where it had the model. */
  originalReported: number | null;
}

/** For each architecture with a finished run: ours and the original's dev accuracy at our last step. */
export function sameStepRows(runs: Run[], curves: OriginalCurves): SameStepRow[] {
  return MODEL_NAMES.flatMap((model) => {
    const run = runs.find((r) => r.config.model === model && r.done);
    if (!run) return [];
    const step = run.done!.steps;
    const end = curves.runs[model]?.dev.at(-1) ?? null;
    return [
      {
        model,
        step,
        ours: oursAt(run, step),
        original: originalDevAt(curves, model, step),
        originalEnd: end && { step: end.step, accuracy: end.accuracy },
        originalReported: originalDevAccuracy(model),
      },
    ];
  });
}

const pct = (x: number | null) => (x === null ? null : 100 * x);

export function sameStepTable(runs: Run[], curves: OriginalCurves): MimeBundle {
  const rows = sameStepRows(runs, curves);
  return table(
    [
      "model",
      "step",
      "ours: dev %",
      "original: dev % at the same step",
      "original: last logged dev %",
      "original: reported %",
    ],
    rows.map((r) => [
      r.model,
      r.step,
      pct(r.ours),
      pct(r.original),
      r.originalEnd
        ? `${(100 * r.originalEnd.accuracy).toFixed(2)} at ${r.originalEnd.step.toLocaleString("en-US")}`
        : "no logs",
      r.originalReported,
    ]),
    `Dev accuracy at equal steps. The original's: its TensorBoard logs (${curves.source.repository} at ${curves.source.commit.slice(0, 7)}, ${displayPath(curves.path)}); ` +
      `its resnet and inception_resnet logs are not in its repository ("–"). Its reported figures are plateau readings after ${[...new Set(Object.values(ORIGINAL_MODELS).map((f) => f!.steps))].map((s) => s.toLocaleString("en-US")).join(" or ")} steps.`,
  );
}

/** The same-step chart's axis starts at the lowest point above this (%); the early points below it are named as hidden. */
const ZOOM_FLOOR = 70;

/** Our dev curves and the original's over our steps, for the models whose logs exist. */
export function sameStepChart(runs: Run[], curves: OriginalCurves, title: string): MimeBundle {
  const data: object[] = [];
  for (const model of MODEL_NAMES) {
    const run = runs.find((r) => r.config.model === model && r.done);
    const theirs = curves.runs[model];
    if (!run || !theirs) continue;
    const color = seriesColour(model, 0);
    const dev = run.metrics.filter((l): l is DevLine => l.kind === "dev");
    const last = run.done!.steps;
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name: `${model} ours`,
      x: dev.map((l) => l.step),
      y: dev.map((l) => 100 * l.accuracy),
      line: { color },
    });
    const upTo = theirs.dev.filter((p) => p.step <= last);
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name: `${model} original`,
      x: upTo.map((p) => p.step),
      y: upTo.map((p) => 100 * p.accuracy),
      line: { color, dash: "dash" },
      marker: { symbol: "diamond" },
    });
  }
  const all = data.flatMap((d) => (d as { y: number[] }).y);
  const ys = all.filter((y) => y >= ZOOM_FLOOR);
  const lo = ys.length ? Math.floor(Math.min(...ys)) - 1 : ZOOM_FLOOR;
  const hidden = all.filter((y) => y < lo).length;
  // (on two lines: one would run past the plot's height, above all on paper)
  const axisTitle = hidden
    ? `dev accuracy (%), zoomed<br>${hidden} early point${hidden === 1 ? "" : "s"} below ${lo}% hidden`
    : "dev accuracy (%)";
  const summary =
    `${title}: ` +
    sameStepRows(runs, curves)
      .filter((r) => r.original !== null)
      .map(
        (r) =>
          `${r.model} at step ${r.step.toLocaleString("en-US")}: ours ${pct(r.ours)?.toFixed(2) ?? "-"}%, original ${pct(r.original)!.toFixed(2)}%`,
      )
      .join("; ");
  return figureBundle(
    {
      data,
      layout: stepsLayout(title, { title: { text: axisTitle }, range: [lo, 100], automargin: true }, data.length, 440),
    },
    summary,
  );
}
