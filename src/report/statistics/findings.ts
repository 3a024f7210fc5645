/**
 * What the runs show, in words chosen by rules on the measured differences and their
 * uncertainty, never typed in: each run's dev accuracy with its 95% Wilson interval, pairs of
 * runs compared on the same dev images with McNemar's exact test, and each comparison set
 * against the original's claim for it.
 */
import { ORIGINAL_RESULTS, originalDevAccuracies } from "../../config.js";
import { devPredictions, type DevPredictions } from "../../experiments/predictions.js";
import type { TestEvaluation } from "../../experiments/run-model.js";
import type { Run } from "../../experiments/store.js";
import type { LabelledImages } from "../../data/dataset.js";
import { pairedTest, wilsonInterval, type Interval, type McNemar } from "../../util/stats.js";
import type { MimeBundle } from "../display/display.js";
import { markdownNote, markdownNotes } from "../display/tables.js";

/** Below this p-value a paired difference counts as real. */
export const ALPHA = 0.05;

export interface Scored {
  label: string;
  run: Run;
  /** The images it was scored on: its dev split, or (a final model) the test set. */
  set: "dev" | "test";
  correct: number;
  n: number;
  accuracy: number;
  interval: Interval;
  /** Per-image predictions of the best checkpoint, when stored (needed for paired tests). */
  predictions: DevPredictions | null;
}

/** A run's best dev accuracy as counts, with its interval and (when stored) its predictions. */
export function scoreRun(run: Run, label: string, predictions: DevPredictions | null): Scored | null {
  const best = run.done?.best;
  if (!best) return null;
  const n = predictions?.labels.length ?? run.config.devPerClass * 10;
  return score(run, label, "dev", n, best.accuracy, predictions);
}

/**
 * A final run's test accuracy as counts (its eval.json), with its interval and, where eval.json
 * holds them, its per-image predictions against `testLabels` (the test set's labels, in file order).
 */
export function scoreTest(run: Run, label: string, evaluation: TestEvaluation, testLabels: Uint8Array): Scored {
  const n = evaluation.confusion.flat().reduce((a, b) => a + b, 0);
  const stored = evaluation.predictions?.length === testLabels.length ? evaluation.predictions : null;
  const predictions: DevPredictions | null = stored
    ? { step: evaluation.step, images: TEST_IMAGES, labels: testLabels, predictions: Uint8Array.from(stored, Number) }
    : null;
  return score(run, label, "test", n, evaluation.accuracy, predictions);
}

/** What a test-set score's predictions are of: every test image, in file order. */
const TEST_IMAGES = "the test set, in file order";

/** A score on n images: counted from the per-image predictions where there are some, else from the accuracy. */
function score(
  run: Run,
  label: string,
  set: Scored["set"],
  n: number,
  accuracy: number,
  predictions: DevPredictions | null,
): Scored {
  const correct = predictions
    ? predictions.predictions.reduce((k, c, i) => k + (c === predictions.labels[i] ? 1 : 0), 0)
    : Math.round(accuracy * n);
  return { label, run, set, correct, n, accuracy: correct / n, interval: wilsonInterval(correct, n), predictions };
}

/** Scores a section's runs, reading (or computing once from checkpoints) their dev predictions. */
export async function scoreRuns(runs: Run[], labelOf: (r: Run) => string, train?: LabelledImages): Promise<Scored[]> {
  const out: Scored[] = [];
  for (const run of runs) {
    const s = scoreRun(run, labelOf(run), await devPredictions(run, train).catch(() => null));
    if (s) out.push(s);
  }
  return out;
}

export interface Comparison {
  a: Scored;
  b: Scored;
  /** a − b, in accuracy points. */
  points: number;
  /** The paired test, or null when either run has no stored predictions (or they are of other images). */
  test: McNemar | null;
  verdict: "a" | "b" | "tie" | "untested";
}

export function compare(a: Scored, b: Scored): Comparison {
  const points = 100 * (a.accuracy - b.accuracy);
  const pa = a.predictions;
  const pb = b.predictions;
  if (!pa || !pb || pa.images !== pb.images) return { a, b, points, test: null, verdict: "untested" };
  const test = pairedTest(pa.labels, pa.predictions, pb.predictions);
  const verdict = test.p >= ALPHA ? "tie" : test.onlyA > test.onlyB ? "a" : "b";
  return { a, b, points, test, verdict };
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
export const formatInterval = (i: Interval) => `${(100 * i.low).toFixed(1)}–${(100 * i.high).toFixed(1)}%`;
/** A p-value's figure: "< 0.001", or three decimals below 0.01, two above. */
export const pFigure = (p: number) => (p < 0.001 ? "< 0.001" : p < 0.01 ? p.toFixed(3) : p.toFixed(2));
/** "p < 0.001", "p = 0.004", "p = 0.12". */
export const formatP = (p: number) => `p ${p < 0.001 ? "" : "= "}${pFigure(p)}`;

/** "A beats B by d points (McNemar p = …)", or "A and B are indistinguishable at this budget (…)". */
export function describeComparison(c: Comparison): string {
  const d = Math.abs(c.points).toFixed(2);
  if (c.verdict === "untested")
    return `${c.a.label} vs ${c.b.label}: ${c.points >= 0 ? "+" : "−"}${d} points (no per-image predictions stored, so no paired test)`;
  const [first, second] = c.verdict === "b" ? [c.test!.onlyB, c.test!.onlyA] : [c.test!.onlyA, c.test!.onlyB];
  const discordant = `${first} vs ${second} images right only by one`;
  if (c.verdict === "tie")
    return `${c.a.label} and ${c.b.label} are indistinguishable at this budget (${c.points >= 0 ? "+" : "−"}${d} points, ${discordant}, McNemar ${formatP(c.test!.p)})`;
  const [w, l] = c.verdict === "a" ? [c.a, c.b] : [c.b, c.a];
  return `${w.label} beats ${l.label} by ${d} points (${discordant}, McNemar ${formatP(c.test!.p)})`;
}

/** How our comparison stands to the original's claim that `better` beat `worse`. */
export type Stance = "agrees" | "contradicts" | "cannot tell";

export function stanceOn(c: Comparison, better: string): Stance {
  if (c.verdict === "untested" || c.verdict === "tie") return "cannot tell";
  const winner = c.verdict === "a" ? c.a.label : c.b.label;
  return winner === better ? "agrees" : "contradicts";
}

/** One run's figure with its interval, e.g. "resnet 90.38% (95% interval 89.4–91.3%)". */
export function describeScore(s: Scored): string {
  return `${s.label} ${scoreFigure(s)}`;
}

/** A score's figure with its interval, e.g. "90.38% (95% interval 89.4–91.3%, 4,000 dev images)". */
export function scoreFigure(s: Scored): string {
  return `${pct(s.accuracy)} (95% interval ${formatInterval(s.interval)}, ${s.n.toLocaleString("en-US")} ${s.set} images)`;
}

/** A claim of the original: `better` beat `worse` (by its figures `betterFigure`, `worseFigure`). */
export interface OriginalClaim {
  better: string;
  worse: string;
  /** Its figures, where its report gave them. */
  betterFigure?: number;
  worseFigure?: number;
}

/** How our runs stand to the claim that `better` beat `worse`: the paired comparison and our stance, or null when either is not scored. */
export function standOn(scored: Scored[], better: string, worse: string): { c: Comparison; stance: Stance } | null {
  const a = scored.find((s) => s.label === better);
  const b = scored.find((s) => s.label === worse);
  if (!a || !b) return null;
  const c = compare(a, b);
  return { c, stance: stanceOn(c, better) };
}

/** The pieces of a section's findings: its best run and how it stands to each other run. */
interface FindingParts {
  lead: string;
  against: string;
  comparisons: string[];
  /** Said when every comparison is a tie. */
  noise: string | null;
}

function findingParts(scored: Scored[]): FindingParts | null {
  if (scored.length === 0) return null;
  const ranked = [...scored].sort((x, y) => y.accuracy - x.accuracy);
  const [best, ...rest] = ranked;
  const comparisons = rest.map((r) => compare(best, r));
  return {
    lead: `Highest ${best.set} accuracy: ${describeScore(best)}.`,
    against: comparisons.length === 1 ? "Against the other run" : "Against each other run",
    comparisons: comparisons.map(describeComparison),
    noise:
      comparisons.length && comparisons.every((c) => c.verdict === "tie")
        ? `The differences between these runs are within what ${best.n.toLocaleString("en-US")} ${best.set} images can resolve: their ranking is noise at this budget.`
        : null,
  };
}

const NOTHING_TO_CONCLUDE = "No finished runs at this budget yet: nothing to conclude.";

/**
 * The "What we found" paragraph of a section: the best run with its interval and how it stands
 * to each other run.
 */
export function sectionFindings(scored: Scored[]): string {
  const p = findingParts(scored);
  if (!p) return NOTHING_TO_CONCLUDE;
  const parts = [p.lead];
  if (p.comparisons.length) parts.push(`${p.against}: ${p.comparisons.join("; ")}.`);
  if (p.noise) parts.push(p.noise);
  return parts.join(" ");
}

/** The original's ranking as claims between neighbours, best first. */
export function rankingClaims(figures: Partial<Record<string, number>>): OriginalClaim[] {
  const ranked = Object.entries(figures)
    .filter((e): e is [string, number] => typeof e[1] === "number")
    .sort((x, y) => y[1] - x[1]);
  return ranked
    .slice(1)
    .map(([worse, worseFigure], i) => ({ better: ranked[i][0], worse, betterFigure: ranked[i][1], worseFigure }));
}

/** The original's claims per section of the study, from its report's figures and words. */
export const ORIGINAL_CLAIMS = {
  architectures: rankingClaims(originalDevAccuracies()),
  losses: rankingClaims(ORIGINAL_RESULTS.losses),
  // "more aggressive augmentation is better": 0.3 over 0.05 over none (no figures given)
  augmentation: [
    { better: "p=0.3", worse: "p=0.05" },
    { better: "p=0.05", worse: "p=0" },
  ] as OriginalClaim[],
  ablation: [] as OriginalClaim[],
};

/**
 * What runs of one seed can say, as a heading: which images of the same dev set each run gets
 * right (McNemar), not how another seed would fall, so the note names the seed and says so.
 */
function seedScope(scored: Scored[]): string {
  const seeds = [...new Set(scored.map((s) => s.run.config.seed))];
  if (seeds.length !== 1) return "What we found.";
  return `What we found on seed ${seeds[0]} (one run per config: the paired test says how these runs differ on the same images, not how another seed would fall).`;
}

/** The "What we found" note of a section: the same findings, each comparison an item of a list, under the seed they rest on. */
export function findingsNote(scored: Scored[]): MimeBundle {
  const p = findingParts(scored);
  if (!p) return markdownNote(`What we found. ${NOTHING_TO_CONCLUDE}`);
  const blocks: (string | string[])[] = [`${seedScope(scored)} ${p.lead}`];
  if (p.comparisons.length === 1) blocks.push(`${p.against}: ${p.comparisons[0]}.`);
  else if (p.comparisons.length) blocks.push(`${p.against}:`, p.comparisons);
  if (p.noise) blocks.push(p.noise);
  return markdownNotes(blocks);
}

export interface Spread {
  model: string;
  /** Best dev accuracy (%) per seed, in seed order. */
  bySeed: { seed: number; accuracy: number }[];
  /** max − min, in points. */
  range: number;
  mean: number;
}

/** The run-to-run spread of each model with more than one seed among `runs` (same config but the seed). */
export function seedSpread(runs: Run[]): Spread[] {
  const groups = new Map<string, Run[]>();
  for (const r of runs) {
    if (!r.done?.best) continue;
    const key = JSON.stringify({ ...r.config, seed: 0 });
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()]
    .filter((g) => g.length > 1)
    .map((g) => {
      const bySeed = g
        .map((r) => ({ seed: r.config.seed, accuracy: 100 * r.done!.best!.accuracy }))
        .sort((a, b) => a.seed - b.seed);
      const accs = bySeed.map((s) => s.accuracy);
      return {
        model: g[0].config.model,
        bySeed,
        range: Math.max(...accs) - Math.min(...accs),
        mean: accs.reduce((a, b) => a + b, 0) / accs.length,
      };
    });
}

/** The spread as a table and a sentence: how far one config moves between seeds. */
export function spreadNote(runs: Run[]): MimeBundle {
  const spreads = seedSpread(runs);
  if (spreads.length === 0) return markdownNote("Run-to-run spread: no config has runs with more than one seed yet.");
  const text = spreads
    .map(
      (s) =>
        `${s.model}: ${s.bySeed.map((b) => `seed ${b.seed} ${b.accuracy.toFixed(2)}%`).join(", ")} (mean ${s.mean.toFixed(2)}%, range ${s.range.toFixed(2)} points)`,
    )
    .join("; ");
  const widest = Math.max(...spreads.map((s) => s.range));
  return markdownNote(
    `Run-to-run spread (the same config, other seeds): ${text}. A difference between two single-seed runs smaller than about ${widest.toFixed(2)} points is within what another seed alone can move.`,
  );
}
