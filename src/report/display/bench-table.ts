/**
 * The speed benchmark (`npm run bench`, output_dir/bench/train.json) as report tables:
 * training or evaluation img/s per model for both our training paths, every backend and peer
 * framework, and our compiled path against tf.keras.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DataFrame } from "danfojs-node";
import { MODEL_NAMES } from "../../config.js";
import { displayPath, outputDir } from "../../util/paths.js";
import { escapeHtml, NOTE_CLASS, type MimeBundle } from "./display.js";
import { markdownNote, table as makeTable, type Cell } from "./tables.js";

interface BenchRow {
  framework: string;
  backend?: string;
  /** compiled or eager (absent in benchmarks from before the compiled step: eager) */
  engine?: string;
  model: string;
  version?: string;
  train_img_per_s?: number;
  eval_img_per_s?: number;
  skipped?: string;
  error?: string;
}

export interface BenchFile {
  date: string;
  cpu: string;
  cores: number;
  /** the CPU's bf16 arithmetic, as the benchmark found it (absent in older files) */
  cpuFeatures?: string;
  steps: number;
  /** rounds of our native paths and the peers, each figure the best round's (absent: one) */
  rounds?: number;
  rows: BenchRow[];
}

const nativePath = (r: BenchRow, engine: string) =>
  r.framework === "tfjs" && r.backend === "tensorflow" && (r.engine ?? "eager") === engine;

/** Columns: our two paths on the native backend, the peers, our other backends; each row one model. */
const COLUMNS: { title: string; matches: (r: BenchRow) => boolean }[] = [
  { title: "ours, compiled", matches: (r) => nativePath(r, "compiled") },
  { title: "ours, eager", matches: (r) => nativePath(r, "eager") },
  { title: "tf.keras", matches: (r) => r.framework === "tf.keras" },
  { title: "tf.keras eager", matches: (r) => r.framework === "tf.keras eager" },
  { title: "PyTorch", matches: (r) => r.framework === "pytorch" },
  { title: "tfjs wasm", matches: (r) => r.framework === "tfjs" && r.backend === "wasm" },
  { title: "tfjs pure JS", matches: (r) => r.framework === "tfjs" && r.backend === "cpu" },
];

export function benchPath(dir = outputDir()): string {
  return join(dir, "bench", "train.json");
}

export function readBench(path = benchPath()): BenchFile | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as BenchFile) : null;
}

/** A speed to the precision a ±10% measurement has: whole img/s from 100, one decimal below (keeps the tables on the page). */
function shown(v: number): number {
  return v >= 100 ? Math.round(v) : Math.round(v * 10) / 10;
}

export type BenchMetric = "train" | "eval";
const METRIC_TEXT: Record<BenchMetric, string> = {
  train: "Training images per second, batch 64, Adam",
  eval: "Evaluation (inference) images per second, batch 500",
};

/** Img/s per model (rows) and path/framework/backend (columns), training or evaluation; NaN where not measured. */
export function benchFrame(bench: BenchFile, metric: BenchMetric = "train"): DataFrame {
  const speed = (model: string, c: (typeof COLUMNS)[number]) => {
    const row = bench.rows.find((r) => r.model === model && c.matches(r));
    return shown((metric === "train" ? row?.train_img_per_s : row?.eval_img_per_s) ?? NaN);
  };
  const keras = COLUMNS.findIndex((c) => c.title === "tf.keras");
  const rows = MODEL_NAMES.map((model) => {
    const values = COLUMNS.map((c) => speed(model, c));
    return [model, ...values, values[0] / values[keras]];
  });
  return new DataFrame(rows, { columns: ["model", ...COLUMNS.map((c) => c.title), "compiled / tf.keras"] });
}

/** The benchmark table with its machine, date and source file, or a note on how to make it. */
export function benchTable(path = benchPath(), metric: BenchMetric = "train"): MimeBundle {
  const bench = readBench(path);
  if (!bench) return markdownNote(`No benchmark recorded yet (${displayPath(path)}); run: \`npm run bench\`.`);
  const versions = [...new Set(bench.rows.filter((r) => r.version).map((r) => `${r.framework} ${r.version}`))].join(
    ", ",
  );
  const machine = [`${bench.cpu}, ${bench.cores} cores`, bench.cpuFeatures].filter(Boolean).join(", ");
  const rounds = (bench.rounds ?? 1) > 1 ? `; best of ${bench.rounds} rounds` : "";
  const caption = `${METRIC_TEXT[metric]}; ${machine}; ${bench.date.slice(0, 10)}${rounds}; ${versions}. From ${displayPath(path)}`;
  // speeds to the precision they were measured with, the ratio with two decimals
  const frame = benchFrame(bench, metric);
  const last = frame.columns.length - 1;
  const rows = (frame.values as Cell[][]).map((r) =>
    r.map((v, i): Cell =>
      i > 0 && i < last && typeof v === "number" && Number.isFinite(v) ? { value: v, text: speedText(v) } : v,
    ),
  );
  const table = makeTable(frame.columns, rows, caption);
  const skipped = bench.rows
    .filter((r) => r.skipped || r.error)
    .map(
      (r) =>
        `${r.model} on ${r.backend ? `${r.backend}${r.engine === "compiled" ? " compiled" : ""}` : r.framework}: ${r.skipped ?? r.error}`,
    );
  if (skipped.length === 0) return table;
  const note = `Not measured: ${skipped.join("; ")}.`;
  return {
    ...table,
    "text/html": `${table["text/html"]}<p class="${NOTE_CLASS}">${escapeHtml(note)}</p>`,
    "text/markdown": `${table["text/markdown"]}\n${note}\n`,
    "text/plain": `${table["text/plain"]}\n${note}`,
  };
}

/** img/s as the README prints it: whole numbers with separators from 100, one decimal below; — where not measured. */
function speedText(v: number): string {
  if (!Number.isFinite(v)) return "—";
  return v >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(1);
}

/** The benchmark as GitHub Markdown for the README: the training table and the evaluation table, with the machine. */
export function benchMarkdown(bench: BenchFile): string {
  const section = (metric: BenchMetric) => {
    const df = benchFrame(bench, metric);
    const columns = df.columns as string[];
    const head = `| ${columns.join(" | ")} |\n| --- |${" ---: |".repeat(columns.length - 1)}`;
    const rows = (df.values as (string | number)[][]).map(
      (r) =>
        `| ${r
          .map((c, i) =>
            typeof c === "string"
              ? c
              : i === columns.length - 1
                ? Number.isFinite(c)
                  ? c.toFixed(2)
                  : "—"
                : speedText(c),
          )
          .join(" | ")} |`,
    );
    return `${METRIC_TEXT[metric]}:\n\n${head}\n${rows.join("\n")}`;
  };
  const machine = [`${bench.cpu}, ${bench.cores} cores`, bench.cpuFeatures].filter(Boolean).join(", ");
  return `Measured ${bench.date.slice(0, 10)} on ${machine}, in one run (\`npm run bench -- --save\`): ${bench.steps} timed steps per model, each figure the median of 5 windows${(bench.rounds ?? 1) > 1 ? `, the best of ${bench.rounds} rounds for our native paths and the peers` : ""}.\n\n${section("train")}\n\n${section("eval")}\n`;
}
