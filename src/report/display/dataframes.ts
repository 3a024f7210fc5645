/**
 * Runs as danfo.js DataFrames, one row per run. The report's run tables are columns picked
 * from these; a reader can sort, filter or group them in a cell of their own. Missing numbers
 * are NaN.
 */
import { DataFrame } from "danfojs-node";
import {
  CLASS_NAMES,
  ORIGINAL_MODELS,
  ORIGINAL_TABULATED_CLASSES,
  originalDevAccuracy,
  type ModelName,
} from "../../config.js";
import { devInterval } from "../../experiments/results.js";
import { scheduleLabel } from "../../train/schedule.js";
import type { Run } from "../../experiments/store.js";
import type { MimeBundle } from "./display.js";
import { table, type Cell } from "./tables.js";

/** Per-class dev accuracy columns, e.g. "Shirt %". */
export const CLASS_COLUMNS = CLASS_NAMES.map((name) => `${name} %`);

export const RUN_COLUMNS = [
  "run",
  "model",
  "loss",
  "augmentProb",
  "ops",
  "schedule",
  "steps",
  "backend",
  "train minutes",
  "best dev %",
  "95% interval",
  "at step",
  "last dev %",
  "last train %",
  ...CLASS_COLUMNS,
] as const;

const percent = (x: number | null | undefined): number => (x === null || x === undefined ? NaN : 100 * x);

/** A run's 95% interval as "89.4–91.3", or null. */
function intervalCell(run: Run): string | null {
  const i = devInterval(run);
  return i ? `${i[0].toFixed(1)}–${i[1].toFixed(1)}` : null;
}

export interface RunsFrameOptions {
  /** Adds an "original %" column: the original study's figure for each run. */
  original?: (run: Run) => number | undefined;
  /** Only these columns, in this order (default: all of RUN_COLUMNS, then "original %"). */
  columns?: string[];
}

/** One row per run. Per-class columns are at the best dev checkpoint. */
export function runsFrame(runs: Run[], { original, columns: picked }: RunsFrameOptions = {}): DataFrame {
  const all: string[] = [...RUN_COLUMNS, ...(original ? ["original %"] : [])];
  const unknown = (picked ?? []).filter((c) => !all.includes(c));
  if (unknown.length)
    throw new Error(
      `runsFrame: unknown column(s) ${unknown.map((c) => `'${c}'`).join(", ")}; the columns are: ${all.join(", ")}`,
    );
  const columns = picked ?? all;
  const rows = runs.map((r) => {
    const best = r.done?.best ?? null;
    const lastTrain = [...r.metrics].reverse().find((l) => l.kind === "train");
    const row: Record<string, Cell> = {
      run: r.name,
      model: r.config.model,
      loss: r.config.loss,
      augmentProb: r.config.augmentProb,
      ops: r.config.augmentOps.join("+"),
      schedule: scheduleLabel(r.config.schedule),
      steps: r.config.steps,
      backend: r.done?.backend.name ?? "unfinished",
      "train minutes": r.done ? r.done.trainSeconds / 60 : NaN,
      "best dev %": percent(best?.accuracy),
      "95% interval": intervalCell(r),
      "at step": best?.step ?? NaN,
      "last dev %": percent(r.done?.last?.accuracy),
      "last train %": percent(lastTrain?.accuracy),
    };
    CLASS_COLUMNS.forEach((col, c) => (row[col] = percent(best?.perClass[c])));
    if (original) row["original %"] = original(r) ?? NaN;
    return columns.map((col) => row[col]);
  });
  return new DataFrame(rows, { columns });
}

/**
 * The architecture comparison of section 4.1: best dev accuracy and the three classes the
 * original tabulated per model (T-shirt/top, Trouser, Shirt), ours beside the original's.
 */
export function architectureFrame(runs: Run[]): DataFrame {
  const perClass = ORIGINAL_TABULATED_CLASSES.map((c) => ({
    ours: CLASS_COLUMNS[c],
    original: `original ${CLASS_COLUMNS[c]}`,
    of: (m: ModelName) => ORIGINAL_MODELS[m]?.devPerClass[c] ?? null,
  }));
  const columns = [
    "model",
    "best dev %",
    "95% interval",
    "original %",
    "at step",
    ...perClass.flatMap((p) => [p.ours, p.original]),
  ];
  const ours = runsFrame(runs, { original: (r) => originalDevAccuracy(r.config.model) ?? undefined });
  const rows = (ours.values as Cell[][]).map((row, i) =>
    columns.map((col) => {
      const original = perClass.find((p) => p.original === col);
      return original ? original.of(runs[i].config.model) : row[ours.columns.indexOf(col)];
    }),
  );
  return new DataFrame(rows, { columns });
}

/** A DataFrame (or a selection from one) as a report table: HTML for pages, text for terminals. */
export function frameTable(df: Pick<DataFrame, "columns" | "values">, caption = ""): MimeBundle {
  return table(df.columns, df.values as Cell[][], caption);
}
