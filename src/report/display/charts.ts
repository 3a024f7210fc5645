/**
 * Plotly figures for the report. Each is a MIME bundle: the Plotly JSON (JupyterLab's plotly
 * renderer draws it interactively), an HTML div that draws it with the page's one copy of
 * plotly.js (rendered report), and a text line.
 */
import { createHash } from "node:crypto";
import { CLASS_NAMES, LOSS_NAMES, MODEL_NAMES } from "../../config.js";
import { describeContinuation } from "../../experiments/continue-run.js";
import type { ExperimentConfig } from "../../experiments/config.js";
import type { Run } from "../../experiments/store.js";
import { learningRateAt, scheduleLabel } from "../../train/schedule.js";
import { pooledTrainAccuracy } from "../../train/metrics.js";
import type { DevLine, TrainLine } from "../../train/run-files.js";
import type { MimeBundle } from "./display.js";
import { escapeHtml } from "./display.js";
import { markdownNote } from "./tables.js";

export interface Figure {
  data: object[];
  layout: Record<string, unknown>;
}

/**
 * A chart's element id from its content: the same chart gets the same id on every run (an
 * unchanged notebook re-executed stays unchanged), two charts of one page differ.
 */
function chartId(spec: string): string {
  return `chart-${createHash("sha256").update(spec).digest("hex").slice(0, 12)}`;
}

export function figureBundle(fig: Figure, summary: string): MimeBundle {
  const spec = JSON.stringify(fig).replace(/</g, "\\u003c");
  const id = chartId(spec);
  const height = Number(fig.layout.height ?? 420);
  return {
    "application/vnd.plotly.v1+json": fig,
    "text/html":
      `<div id="${id}" class="plotly-chart" data-summary="${escapeHtml(summary)}" style="width:100%;height:${height}px"></div>` +
      `<script>(function(){var s=${spec};function draw(){Plotly.newPlot("${id}",s.data,s.layout,{responsive:true,displaylogo:false});}` +
      `if(window.Plotly){draw();}else{window.addEventListener("load",function(){if(window.Plotly)draw();});}})();</script>`,
    "text/plain": summary,
  };
}

const pct = (x: number) => 100 * x;

/** Pixels of one legend row. */
const LEGEND_ROW = 22;

/** Room below the plot for the x axis: tick labels and a title ("step"), or slanted category names. */
const AXIS_ROOM = { steps: 70, categories: 110 };

/** Category names under bars, slanted so that long ones fit (the class names, the model names). */
const CATEGORY_AXIS = { tickangle: -30 };

/**
 * Height, bottom margin and legend place for a chart with `entries` legend entries below an x
 * axis whose labels and title take `axisRoom` pixels: Plotly keeps a fixed height, so each legend
 * row (about two entries fit a printed row) gets room below the axis, neither on its labels nor
 * cut off.
 */
export function legendRoom(entries: number, height = 420, axisRoom = AXIS_ROOM.steps) {
  const rows = Math.ceil(entries / 2);
  // anchored to the figure's bottom edge (not the plot's): the axis keeps its place above it
  return {
    height: height + LEGEND_ROW * rows,
    margin: { b: axisRoom + LEGEND_ROW * rows },
    legend: { orientation: "h", yref: "container", y: 0, yanchor: "bottom" },
  };
}

/** The layout of a chart against steps, one legend entry per series: its title, its y axis. */
export function stepsLayout(title: string, yaxis: Record<string, unknown>, entries: number, height?: number) {
  return { title: { text: title }, xaxis: { title: { text: "step" } }, yaxis, ...legendRoom(entries, height) };
}

/** A run's label in legends: what differs in a comparison. */
export type LabelOf = (run: Run) => string;

/**
 * Dev accuracy (and, when asked, training accuracy) against steps, one line per run. With
 * `trainWindow`, training accuracy is pooled over windows of that many steps (the original's 500),
 * not shown per logged line.
 */
export function accuracyCurves(
  runs: Run[],
  labelOf: LabelOf,
  opts: { title: string; train?: boolean; trainWindow?: number },
): MimeBundle {
  if (runs.length === 0) return noRunsNote(opts.title);
  const data: object[] = [];
  runs.forEach((run, i) => {
    const color = seriesColour(labelOf(run), i);
    const dev = run.metrics.filter((l): l is DevLine => l.kind === "dev");
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name: `${labelOf(run)} dev`,
      x: dev.map((l) => l.step),
      y: dev.map((l) => pct(l.accuracy)),
      line: { color },
    });
    if (opts.train) {
      const logged = run.metrics.filter((l): l is TrainLine => l.kind === "train");
      const tr = opts.trainWindow
        ? pooledTrainAccuracy(logged, run.config.batchSize, opts.trainWindow)
        : logged.map(({ step, accuracy }) => ({ step, accuracy }));
      data.push({
        type: "scatter",
        mode: "lines",
        name: `${labelOf(run)} train`,
        x: tr.map((l) => l.step),
        y: tr.map((l) => (l.accuracy === null ? null : pct(l.accuracy))),
        connectgaps: true,
        line: { color, dash: "dot" },
      });
    }
  });
  const summary =
    `${opts.title}: ` +
    runs.map((r) => `${labelOf(r)} best dev ${r.done?.best ? pct(r.done.best.accuracy).toFixed(2) : "?"}%`).join(", ");
  const range = zoomedRange(data as { x: number[]; y: (number | null)[] }[]);
  return figureBundle(
    {
      data,
      layout: stepsLayout(
        opts.title,
        { title: { text: "accuracy (%), zoomed to the later steps" }, range },
        data.length,
      ),
    },
    summary,
  );
}

/**
 * The accuracy axis where the runs differ: from the lowest to the highest value over the last
 * two thirds of the steps, one point of room on each side (early steps, far below, are cut off;
 * hovering or zooming out shows them).
 */
export function zoomedRange(series: { x: number[]; y: (number | null)[] }[]): [number, number] {
  const lastStep = Math.max(0, ...series.flatMap((s) => s.x));
  const late = series.flatMap((s) => s.y.filter((y, i): y is number => y !== null && s.x[i] >= lastStep / 3));
  if (late.length === 0) return [0, 100];
  return [Math.max(0, Math.floor(Math.min(...late)) - 1), Math.min(100, Math.ceil(Math.max(...late)) + 1)];
}

/**
 * One run's training loss and training accuracy (mean over each logging window) against steps;
 * for a continued run, a dashed line marks the step it went on from.
 */
export function trainingCurve(run: Run, title: string): MimeBundle {
  const tr = run.metrics.filter((l): l is TrainLine => l.kind === "train");
  const steps = tr.map((l) => l.step);
  const data = [
    {
      type: "scatter",
      mode: "lines",
      name: "training loss",
      x: steps,
      y: tr.map((l) => l.loss),
      line: { color: PALETTE[0] },
    },
    {
      type: "scatter",
      mode: "lines",
      name: "training accuracy (%)",
      x: steps,
      y: tr.map((l) => (l.accuracy === null ? null : pct(l.accuracy))),
      connectgaps: true,
      yaxis: "y2",
      line: { color: PALETTE[1] },
    },
  ];
  const join = run.continuedFrom;
  const shapes = join
    ? [
        {
          type: "line",
          xref: "x",
          yref: "paper",
          x0: join.step,
          x1: join.step,
          y0: 0,
          y1: 1,
          line: { dash: "dash", color: "#888" },
        },
      ]
    : [];
  const annotations = join
    ? [
        {
          x: join.step,
          y: 1,
          xref: "x",
          yref: "paper",
          text: `continued from ${join.run}`,
          showarrow: false,
          xanchor: "left",
          yanchor: "bottom",
        },
      ]
    : [];
  const last = tr.at(-1);
  const summary = `${title}: ${tr.length} logged windows to step ${(last?.step ?? 0).toLocaleString("en-US")}${last ? `, last loss ${last.loss.toFixed(4)}, last training accuracy ${last.accuracy === null ? "not sampled" : `${pct(last.accuracy).toFixed(2)}%`}` : ""}${join ? `; ${describeContinuation(join)}` : ""}`;
  return figureBundle(
    {
      data,
      layout: {
        title: { text: title },
        xaxis: { title: { text: "step" } },
        yaxis: { title: { text: "loss" } },
        yaxis2: { title: { text: "accuracy (%)" }, overlaying: "y", side: "right" },
        shapes,
        annotations,
        ...legendRoom(data.length),
      },
    },
    summary,
  );
}

/** Per-class accuracy of each run's best dev evaluation, grouped by class. */
export function perClassBars(runs: Run[], labelOf: LabelOf, title: string): MimeBundle {
  if (runs.length === 0) return noRunsNote(title);
  const data = runs.map((run, i) => ({
    type: "bar",
    name: labelOf(run),
    x: [...CLASS_NAMES],
    y: (run.done?.best?.perClass ?? []).map(pct),
    marker: { color: seriesColour(labelOf(run), i) },
  }));
  return figureBundle(
    {
      data,
      layout: {
        title: { text: title },
        barmode: "group",
        xaxis: CATEGORY_AXIS,
        yaxis: { title: { text: "dev accuracy (%)" }, range: [0, 100] },
        ...legendRoom(runs.length, 400, AXIS_ROOM.categories),
      },
    },
    `${title} (${runs.length} runs)`,
  );
}

/**
 * Ours next to the original study's numbers, one row each: ours as a dot with its 95% interval
 * as whiskers, the original's as a diamond. Dots, not bars: the differences that matter are a
 * few points near the top, and bars cut off below zero would make them look several times larger.
 */
export function comparisonDots(
  rows: { label: string; ours: number | null; original: number | null; interval?: [number, number] | null }[],
  title: string,
  ourName: string,
): MimeBundle {
  if (rows.every((r) => r.ours === null)) return noRunsNote(title);
  const whisker = (r: (typeof rows)[number], end: 0 | 1) =>
    r.interval && r.ours !== null ? Math.abs(r.interval[end] - r.ours) : 0;
  const data = [
    {
      type: "scatter",
      mode: "markers",
      name: `${ourName}, 95% interval`,
      x: rows.map((r) => r.label),
      y: rows.map((r) => r.ours),
      marker: { color: PALETTE[0], size: 11 },
      error_y: {
        type: "data",
        symmetric: false,
        array: rows.map((r) => whisker(r, 1)),
        arrayminus: rows.map((r) => whisker(r, 0)),
        color: PALETTE[0],
        width: 6,
      },
    },
    {
      type: "scatter",
      mode: "markers",
      name: "original (200k or 300k steps)",
      x: rows.map((r) => r.label),
      y: rows.map((r) => r.original),
      marker: { color: "#555555", symbol: "diamond", size: 11 },
    },
  ];
  // every dot and whisker end inside the axis, a point of room each side
  const values = rows
    .flatMap((r) => [r.ours, r.original, r.interval?.[0], r.interval?.[1]])
    .filter((v): v is number => typeof v === "number");
  const range = [Math.max(0, Math.floor(Math.min(...values)) - 1), Math.min(100, Math.ceil(Math.max(...values)) + 1)];
  return figureBundle(
    {
      data,
      layout: {
        title: { text: title },
        xaxis: CATEGORY_AXIS,
        yaxis: { title: { text: "accuracy (%)" }, range },
        ...legendRoom(data.length, 380, AXIS_ROOM.categories),
      },
    },
    `${title}: ` + rows.map((r) => `${r.label} ${r.ours?.toFixed(2) ?? "-"} vs ${r.original ?? "-"}`).join(", "),
  );
}

/**
 * Each config's learning rate against its steps, from its schedule itself (so it can be drawn
 * before a run is trained), one line per config labelled by its schedule.
 */
export function learningRateCurves(configs: ExperimentConfig[], title: string): MimeBundle {
  const data = configs.map((cfg, i) => {
    const steps = scheduleSteps(cfg);
    return {
      type: "scatter",
      mode: "lines",
      name: scheduleLabel(cfg.schedule),
      x: steps,
      y: steps.map((step) => learningRateAt(step, cfg.schedule)),
      line: { color: seriesColour(scheduleLabel(cfg.schedule), i) },
    };
  });
  const rate = (x: number) => x.toExponential(2);
  const summary =
    `${title}: ` +
    configs
      .map(
        (c) =>
          `${scheduleLabel(c.schedule)} ${rate(learningRateAt(1, c.schedule))} at step 1, ${rate(learningRateAt(c.steps, c.schedule))} at step ${c.steps.toLocaleString("en-US")}`,
      )
      .join("; ");
  return figureBundle(
    {
      data,
      layout: stepsLayout(title, { title: { text: "learning rate" }, rangemode: "tozero" }, data.length),
    },
    summary,
  );
}

/** The steps at which a schedule is drawn: about 400 across the run, and both sides of each staircase drop. */
function scheduleSteps(cfg: ExperimentConfig): number[] {
  const stride = Math.max(1, Math.round(cfg.steps / 400));
  const steps = new Set<number>([1, cfg.steps]);
  for (let s = stride; s < cfg.steps; s += stride) steps.add(s);
  if (cfg.schedule.kind === "staircase")
    for (let drop = cfg.schedule.decaySteps; drop <= cfg.steps; drop += cfg.schedule.decaySteps)
      steps.add(drop - 1).add(drop);
  return [...steps].sort((a, b) => a - b);
}

/** A confusion matrix as a heatmap (rows: true class, columns: predicted). */
export function confusionHeatmap(confusion: number[][], title: string): MimeBundle {
  const names = [...CLASS_NAMES];
  const data = [
    {
      type: "heatmap",
      z: confusion,
      x: names,
      y: names,
      colorscale: "Blues",
      reversescale: true,
      hovertemplate: "true %{y}<br>predicted %{x}<br>%{z}<extra></extra>",
    },
  ];
  const annotations = confusion.flatMap((row, i) =>
    row.map((v, j) => ({
      x: names[j],
      y: names[i],
      text: String(v),
      showarrow: false,
      font: { size: 10, color: v > 500 ? "white" : "black" },
    })),
  );
  return figureBundle(
    {
      data,
      layout: {
        title: { text: title },
        xaxis: { title: { text: "predicted" } },
        yaxis: { title: { text: "true class" }, autorange: "reversed" },
        annotations,
        height: 560,
      },
    },
    `${title}: ${confusion.flat().reduce((a, b) => a + b, 0)} images`,
  );
}

/** In place of a chart with nothing to draw (no finished run): a line saying so, not empty axes. */
function noRunsNote(title: string): MimeBundle {
  return markdownNote(`${title}: no finished runs at this profile yet, nothing to plot.`);
}

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

/** Each model and each loss keeps one colour in every chart of the report. */
const NAMED_COLOURS: ReadonlyMap<string, string> = new Map([
  ...MODEL_NAMES.map((m, i) => [m, PALETTE[i % PALETTE.length]] as const),
  ...LOSS_NAMES.map((l, i) => [l, PALETTE[(MODEL_NAMES.length + i) % PALETTE.length]] as const),
]);

/** The colour of a series: its model's or loss's own, else the i-th of the palette. */
export function seriesColour(label: string, i: number): string {
  return NAMED_COLOURS.get(label) ?? PALETTE[i % PALETTE.length];
}
