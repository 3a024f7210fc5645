/**
 * The original's augmentation claims where it made them, over long training: without
 * augmentation resnet fits its training set (training accuracy 1.0 after 30,000–40,000 steps)
 * and falls behind on the dev set; p = 0.05 regularises, but not as well as p = 0.3. Each
 * statement is read off the stored runs: the logged training accuracy, the dev curves, and the
 * paired tests of the best checkpoints.
 */
import { ORIGINAL_FIT_STEPS, ORIGINAL_LOG_EVERY, TRAIN_ACCURACY_EVERY } from "../../config.js";
import type { Run } from "../../experiments/store.js";
import { pooledTrainAccuracy } from "../../train/metrics.js";
import type { DevLine, TrainLine } from "../../train/run-files.js";
import { wilsonInterval } from "../../util/stats.js";
import type { MimeBundle } from "../display/display.js";
import { describeComparison, formatInterval, standOn, type Scored, type Stance } from "./findings.js";
import { markdownNotes } from "../display/tables.js";

/**
 * Training accuracy the original called "fitting the training set" (1.0 in its logs): every image
 * right in a window of its logging, every 4th batch over 500 steps (ORIGINAL_LOG_EVERY).
 */
export const FULL_FIT = 1;
/** A near fit, reported beside it: at most one image in 200 wrong over such a window. */
export const NEAR_FIT = 0.995;

export interface TrainingFit {
  /** The highest training accuracy of a window, and the window's last step. */
  highest: number;
  highestStep: number;
  /** The last step of the first window that was all right, or null. */
  fullAt: number | null;
  /** The last step of the first window that reached NEAR_FIT, or null. */
  nearAt: number | null;
  /** The training images of a whole window. */
  windowImages: number;
}

/**
 * How close a run came to fitting its training set: its logged training accuracy pooled over the
 * original's logging windows (a run logged every 50 steps has ten lines to a window), so that
 * 1.0 means what it meant in the original's logs. Only whole windows count: the shorter last
 * window of a run whose steps are not a multiple of the window (or of one still training) holds
 * fewer images, and all of them right would be a weaker fit than the original's.
 */
export function trainingFit(run: Run): TrainingFit | null {
  const lines = run.metrics.filter((l): l is TrainLine => l.kind === "train");
  const pooled = pooledTrainAccuracy(lines, run.config.batchSize, ORIGINAL_LOG_EVERY);
  if (pooled.length === 0) return null;
  const windowImages = Math.max(...pooled.map((w) => w.images));
  const windows = pooled.filter((w) => w.images === windowImages);
  const top = windows.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  return {
    highest: top.accuracy,
    highestStep: top.step,
    fullAt: windows.find((w) => w.accuracy >= FULL_FIT)?.step ?? null,
    nearAt: windows.find((w) => w.accuracy >= NEAR_FIT)?.step ?? null,
    windowImages,
  };
}

export interface Lead {
  /** Dev evaluations at the steps both runs have. */
  evaluations: number;
  /** Of those, how many `a` is above `b` at. */
  ahead: number;
  /** The step from which `a` stays above `b` at every evaluation to the last, or null. */
  forGoodFrom: number | null;
}

/** Where run `a` leads run `b` on the dev set, evaluation by evaluation. */
export function devLead(a: Run, b: Run): Lead {
  const devOf = (r: Run) =>
    new Map(r.metrics.filter((l): l is DevLine => l.kind === "dev").map((l) => [l.step, l.accuracy]));
  const da = devOf(a);
  const db = devOf(b);
  const steps = [...da.keys()].filter((s) => db.has(s)).sort((x, y) => x - y);
  const above = steps.map((s) => da.get(s)! > db.get(s)!);
  let from: number | null = null;
  for (let i = steps.length - 1; i >= 0 && above[i]; i--) from = steps[i];
  return { evaluations: steps.length, ahead: above.filter(Boolean).length, forGoodFrom: from };
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const steps = (n: number) => n.toLocaleString("en-US");

/** The first statement: does resnet without augmentation fit its training set, and when. */
export function fitSentence(label: string, fit: TrainingFit | null, lastStep: number): string {
  if (!fit) return `${label}: no training accuracy logged.`;
  const accuracy = `its training accuracy, pooled as the original logged it (one batch in ${TRAIN_ACCURACY_EVERY} over ${steps(ORIGINAL_LOG_EVERY)} steps, ${steps(fit.windowImages)} images),`;
  if (fit.fullAt !== null)
    return `${label} fits its training set: ${accuracy} is 100% first in the window to step ${steps(fit.fullAt)}.`;
  const near =
    fit.nearAt !== null
      ? `; ${pct(NEAR_FIT)} or more first in the window to step ${steps(fit.nearAt)}`
      : `; never ${pct(NEAR_FIT)}`;
  return `${label} does not fit its training set by step ${steps(lastStep)}: ${accuracy} is at most ${pct(fit.highest)} (the window to step ${steps(fit.highestStep)})${near}.`;
}

/** Where `a` overtakes `b` on the dev set, in words. */
export function leadSentence(a: string, b: string, lead: Lead): string {
  if (lead.evaluations === 0) return `${a} and ${b} have no dev evaluation at the same step.`;
  const share = `${a} is above ${b} at ${lead.ahead} of ${lead.evaluations} dev evaluations`;
  if (lead.forGoodFrom === null) return `${share}, and not at the last one.`;
  return `${share}, and at every one from step ${steps(lead.forGoodFrom)} to the last.`;
}

/** A run's last dev evaluation with its 95% interval. */
function lastDev(run: Run): string {
  const last = run.done?.last;
  if (!last) return "no dev evaluation";
  const n = run.config.devPerClass * 10;
  return `${pct(last.accuracy)} (95% interval ${formatInterval(wilsonInterval(Math.round(last.accuracy * n), n))}) at step ${steps(last.step)}`;
}

/** The labels of the three long runs (`labelBy.augmentProb`), as in the original's claims. */
const NONE = "p=0";
const MEDIUM = "p=0.05";
const STRONGEST = "p=0.3";

/**
 * What the long runs show: the fit of the runs with little or no augmentation, where p = 0.3
 * overtakes the others on dev, the dev accuracies at the last step; then each of the original's
 * three statements with what the runs say of it. `runs` are labelled `p=<prob>`; `scored` are
 * their best checkpoints.
 */
export function longAugmentationNote(runs: Run[], scored: Scored[], labelOf: (r: Run) => string): MimeBundle {
  const long = longStatements(runs, scored, labelOf);
  if (!long)
    return markdownNotes([
      "What the long runs show: not yet; they need p = 0 and p = 0.3 at least, finished (see the note above for the commands).",
    ]);
  const { none, medium, strongest, lastStep } = long;
  const leads = runs
    .filter((r) => r !== strongest)
    .map((r) => leadSentence(labelOf(strongest), labelOf(r), devLead(strongest, r)));
  return markdownNotes([
    `What the long runs show (seed 0, ${steps(lastStep)} steps each; one seed, so each comparison is McNemar's test on the same dev images, not across seeds):`,
    [
      fitSentence(`Without augmentation (${NONE}), resnet`, trainingFit(none), lastStep),
      ...(medium ? [fitSentence(`With ${MEDIUM}, resnet`, trainingFit(medium), lastStep)] : []),
      ...leads,
      `Dev accuracy at the last step: ${runs.map((r) => `${labelOf(r)} ${lastDev(r)}`).join("; ")}.`,
    ],
    `The original's three statements about long training, checked at ${steps(lastStep)} steps (dev accuracy compared on the best checkpoints):`,
    long.items,
  ]);
}

/** The long runs by their part in the original's statements, their last step, and the statements checked. */
export interface LongStatements {
  none: Run;
  medium: Run | undefined;
  strongest: Run;
  lastStep: number;
  items: string[];
}

/**
 * The original's three statements checked on the long runs and their best checkpoints
 * (`scored`); null until p = 0 and p = 0.3 are both there.
 */
export function longStatements(runs: Run[], scored: Scored[], labelOf: (r: Run) => string): LongStatements | null {
  const byLabel = new Map(runs.map((r) => [labelOf(r), r]));
  const none = byLabel.get(NONE);
  const medium = byLabel.get(MEDIUM);
  const strongest = byLabel.get(STRONGEST);
  if (!none || !strongest) return null;
  const lastStep = none.done?.steps ?? none.config.steps;
  return { none, medium, strongest, lastStep, items: statementsChecked(none, medium, scored, lastStep) };
}

type Verdict = "holds" | "does not hold" | "not resolved";

/** A statement's verdict from the original's claims it rests on: all agree, any contradicts, or neither. */
function verdictOf(stances: Stance[]): Verdict {
  if (stances.some((s) => s === "contradicts")) return "does not hold";
  return stances.every((s) => s === "agrees") ? "holds" : "not resolved";
}

/** The paired comparison of `better` over `worse` on their best checkpoints, or null when either is not scored. */
function claimed(scored: Scored[], better: string, worse: string, lastStep: number) {
  const stood = standOn(scored, better, worse);
  if (!stood) return null;
  return {
    stance: stood.stance,
    text: describeComparison(stood.c).replace(/at this budget/g, `at ${steps(lastStep)} steps`),
  };
}

/** The window closest to a fit, as images wrong: "4 of 8,000 images wrong in the window to step 34,500". */
function closest(fit: TrainingFit): string {
  const wrong = Math.round((1 - fit.highest) * fit.windowImages);
  return `${steps(wrong)} of ${steps(fit.windowImages)} images wrong in the window to step ${steps(fit.highestStep)}`;
}

const original = (step: number) =>
  step < ORIGINAL_FIT_STEPS.from ? "before" : step <= ORIGINAL_FIT_STEPS.to ? "within" : "after";

/**
 * The original's three statements (its section 4.3), each with "holds", "does not hold" or "not
 * resolved" and the figures behind it: without augmentation resnet fits its training set after
 * 30,000–40,000 steps; it then does worse on dev than with augmentation; p = 0.05 keeps it from
 * fitting, but does less well than p = 0.3. The last one's first half is tested only where p = 0
 * fits: otherwise p = 0.05 not fitting shows nothing, and only its dev half is checked.
 */
function statementsChecked(none: Run, medium: Run | undefined, scored: Scored[], lastStep: number): string[] {
  const range = `${steps(ORIGINAL_FIT_STEPS.from)}–${steps(ORIGINAL_FIT_STEPS.to)}`;
  const fit = trainingFit(none);
  const fitVerdict =
    fit?.fullAt != null
      ? `holds: 100% first in the window to step ${steps(fit.fullAt)}, ${original(fit.fullAt)} the original's ${range}`
      : `does not hold by step ${steps(lastStep)}: ${fit ? `at most ${pct(fit.highest)} (${closest(fit)})` : "no training accuracy logged"}`;
  const first = `"Without augmentation resnet fits its training set after ${range} steps": ${fitVerdict}.`;

  const behind = [STRONGEST, MEDIUM].flatMap((label) => claimed(scored, label, NONE, lastStep) ?? []);
  const second = `"Without augmentation it does worse on the dev set": ${
    behind.length
      ? `${verdictOf(behind.map((b) => b.stance))}: ${behind.map((b) => b.text).join("; ")}`
      : "not yet: the best checkpoints are not scored"
  }.`;

  return [first, second, mediumStatement(fit, medium, scored, lastStep)];
}

/**
 * The third statement, "p = 0.05 keeps it from fitting, but does less well than p = 0.3", given
 * p = 0's fit (`fit`): its first half is tested only where p = 0 fits.
 */
function mediumStatement(fit: TrainingFit | null, medium: Run | undefined, scored: Scored[], lastStep: number): string {
  const statement = `"${MEDIUM} keeps it from fitting, but does less well than ${STRONGEST}"`;
  if (!medium)
    return `${statement}: not yet: the ${MEDIUM} run is not in the store (\`npm run study -- --list\` names the runs still to train).`;
  const mediumFit = trainingFit(medium);
  const over = claimed(scored, STRONGEST, MEDIUM, lastStep);
  const dev = over ? over.text : "the best checkpoints are not scored";
  if (!mediumFit) return `${statement}: not resolved: ${MEDIUM} has no training accuracy logged; ${dev}.`;
  if (mediumFit.fullAt !== null)
    return `${statement}: does not hold: ${MEDIUM} fits its training set${fit?.fullAt != null ? " too" : ""} (100% first in the window to step ${steps(mediumFit.fullAt)}); ${dev}.`;
  const devVerdict = over ? verdictOf([over.stance]) : "not resolved";
  if (fit?.fullAt != null)
    return `${statement}: ${devVerdict}: ${MEDIUM} does not fit its training set (at most ${pct(mediumFit.highest)}), where ${NONE} does; ${dev}.`;
  // Without a fit at p = 0 there is nothing for p = 0.05 to prevent: only the dev half can be checked.
  return `${statement}: only its second half can be checked: ${NONE} does not fit its training set by step ${steps(lastStep)} either, so there is no fit for ${MEDIUM} to prevent (${fit ? `at most ${pct(fit.highest)} for ${NONE}, ` : ""}at most ${pct(mediumFit.highest)} for ${MEDIUM}); "does less well than ${STRONGEST}": ${devVerdict}: ${dev}.`;
}
