/**
 * How far our dev curve lies from the original's over the whole range both cover, not at one
 * step: one evaluation of the original moves by several points between neighbouring steps, so a
 * single-step comparison says little. The measure: at every step where both logged a dev
 * accuracy, ours − the original's; their mean and mean absolute value, beside the original's own
 * step-to-step movement, and both curves averaged over the last stretch of steps.
 */
import type { Run } from "../../experiments/store.js";
import type { DevLine } from "../../train/run-files.js";
import type { MimeBundle } from "../display/display.js";
import type { OriginalCurves } from "./original-curves.js";
import { markdownNote, markdownNotes } from "../display/tables.js";

/** The stretch of steps (a fraction of the range) whose means are compared at the end. */
export const LAST_STRETCH = 0.25;

export interface CurveDistance {
  /** Steps where both curves have a dev point, and the range they cover. */
  points: number;
  from: number;
  to: number;
  /** Mean of ours − original, in accuracy points. */
  meanDifference: number;
  /** Mean of |ours − original|, in points. */
  meanAbsDifference: number;
  /**
   * The original's own scatter, in points: the mean |distance| of each of its logged evaluations
   * from the mean of its two neighbours, over the second half of the range (past the steep climb).
   */
  originalJitter: number;
  /** Both curves' means over the last LAST_STRETCH of the common steps, in %. */
  lastStretch: { from: number; ours: number; original: number };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Our run's dev curve against the original's logs for the same model; null with fewer than two common points. */
export function curveDistance(run: Run, curves: OriginalCurves): CurveDistance | null {
  const theirs = curves.runs[run.config.model]?.dev;
  if (!theirs) return null;
  const ours = new Map(run.metrics.filter((l): l is DevLine => l.kind === "dev").map((l) => [l.step, l.accuracy]));
  const common = theirs.filter((p) => ours.has(p.step)).sort((a, b) => a.step - b.step);
  if (common.length < 2) return null;
  const diffs = common.map((p) => 100 * (ours.get(p.step)! - p.accuracy));
  const last = common[common.length - 1].step;
  const logged = theirs.filter((p) => p.step <= last).sort((a, b) => a.step - b.step);
  const half = (common[0].step + last) / 2;
  const jumps = logged
    .map((p, i) => ({ p, i }))
    .filter(({ p, i }) => p.step >= half && i > 0 && i < logged.length - 1)
    .map(({ p, i }) => 100 * Math.abs(p.accuracy - (logged[i - 1].accuracy + logged[i + 1].accuracy) / 2));
  const stretchFrom = last - LAST_STRETCH * (last - common[0].step);
  const stretch = common.filter((p) => p.step >= stretchFrom);
  return {
    points: common.length,
    from: common[0].step,
    to: last,
    meanDifference: mean(diffs),
    meanAbsDifference: mean(diffs.map(Math.abs)),
    originalJitter: jumps.length ? mean(jumps) : 0,
    lastStretch: {
      from: stretch[0].step,
      ours: 100 * mean(stretch.map((p) => ours.get(p.step)!)),
      original: 100 * mean(stretch.map((p) => p.accuracy)),
    },
  };
}

const steps = (n: number) => n.toLocaleString("en-US");
const signed = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(2)}`;

/** One model's distance in words. */
export function describeCurveDistance(model: string, d: CurveDistance): string {
  return (
    `${model}, steps ${steps(d.from)}–${steps(d.to)} (${d.points} points where both logged): ours − original ${signed(d.meanDifference)} points on average, ` +
    `${d.meanAbsDifference.toFixed(2)} points apart in absolute value, against the original's own scatter of ${d.originalJitter.toFixed(2)} points (an evaluation against the mean of its neighbours, second half of the range); ` +
    `over steps ${steps(d.lastStretch.from)}–${steps(d.to)}, ours ${d.lastStretch.ours.toFixed(2)}% and the original's ${d.lastStretch.original.toFixed(2)}% on average`
  );
}

/** Each run's distance to the original's curve, as a list; runs of models without the original's logs are left out. */
export function curveDistanceNote(runs: Run[], curves: OriginalCurves): MimeBundle {
  const lines = runs.flatMap((r) => {
    const d = curveDistance(r, curves);
    return d ? [describeCurveDistance(`${r.config.model} (${steps(r.config.steps)}-step run)`, d)] : [];
  });
  if (lines.length === 0)
    return markdownNote("No finished run of a model whose dev curve the original logged: no curves to compare yet.");
  return markdownNotes([
    "How far apart our dev curves and the original's are over the whole range both cover (at each step both logged; the original's own scatter from one evaluation to the next is the yardstick):",
    lines,
  ]);
}
