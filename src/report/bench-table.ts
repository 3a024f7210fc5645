/**
 * The training-speed benchmark (`npm run bench`, output_dir/bench/train.json) as a report
 * table: img/s per model for every backend and peer framework, and ours against tf.keras.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DataFrame } from "danfojs-node";
import { MODEL_NAMES } from "../config.js";
import { displayPath, outputDir } from "../util/paths.js";
import { escapeHtml, NOTE_CLASS, type MimeBundle } from "./display.js";
import { frameTable } from "./dataframes.js";
import { markdownNote } from "./tables.js";

interface BenchRow {
  framework: string;
  backend?: string;
  model: string;
  version?: string;
  train_img_per_s?: number;
  skipped?: string;
  error?: string;
}

export interface BenchFile {
  date: string;
  cpu: string;
  cores: number;
  steps: number;
  rows: BenchRow[];
}

/** Columns: our backends, then the peers; each row one model. */
const COLUMNS: { title: string; matches: (r: BenchRow) => boolean }[] = [
  { title: "tfjs-node (ours)", matches: (r) => r.framework === "tfjs" && r.backend === "tensorflow" },
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

/** Training img/s per model (rows) and framework/backend (columns); NaN where not measured. */
export function benchFrame(bench: BenchFile): DataFrame {
  const speed = (model: string, c: (typeof COLUMNS)[number]) =>
    bench.rows.find((r) => r.model === model && c.matches(r))?.train_img_per_s ?? NaN;
  const rows = MODEL_NAMES.map((model) => {
    const values = COLUMNS.map((c) => speed(model, c));
    return [model, ...values, values[0] / values[1]];
  });
  return new DataFrame(rows, { columns: ["model", ...COLUMNS.map((c) => c.title), "ours / tf.keras"] });
}

/** The benchmark table with its machine, date and source file, or a note on how to make it. */
export function benchTable(path = benchPath()): MimeBundle {
  const bench = readBench(path);
  if (!bench) return markdownNote(`No benchmark recorded yet (${displayPath(path)}); run: \`npm run bench\`.`);
  const versions = [...new Set(bench.rows.filter((r) => r.version).map((r) => `${r.framework} ${r.version}`))].join(
    ", ",
  );
  const caption = `Training images per second, batch 64, Adam; ${bench.cpu}, ${bench.cores} cores; ${bench.date.slice(0, 10)}; ${versions}. From ${displayPath(path)}`;
  const table = frameTable(benchFrame(bench), caption);
  const skipped = bench.rows
    .filter((r) => r.skipped || r.error)
    .map((r) => `${r.model} on ${r.backend ?? r.framework}: ${r.skipped ?? r.error}`);
  if (skipped.length === 0) return table;
  const note = `Not measured: ${skipped.join("; ")}.`;
  return {
    ...table,
    "text/html": `${table["text/html"]}<p class="${NOTE_CLASS}">${escapeHtml(note)}</p>`,
    "text/markdown": `${table["text/markdown"]}\n${note}\n`,
    "text/plain": `${table["text/plain"]}\n${note}`,
  };
}
