/**
 * The original's claims tested across training seeds. One run per config measures which images
 * the dev set happened to hold (McNemar), not how another seed would fall; here the unit is the
 * seed: each claim's two configs are paired seed by seed, the seed-paired differences of best
 * dev accuracy get Student's t interval and test, and the p-values of every claim tested are
 * Holm-corrected together. McNemar per seed stays as the image-level check. A claim is stated
 * only when it survives that; otherwise it "depends on the seed" or is "not resolved".
 */
import { holmAdjust, pairedDifferences, type MeanDifference } from "../../util/stats.js";
import type { Cell, ShownNumber } from "../display/tables.js";
import { ALPHA, compare, formatP, pFigure, type Comparison, type OriginalClaim, type Scored } from "./findings.js";

/** Seeds a config needs before a claim about it is tested. */
export const SEEDS_FOR_A_CONCLUSION = 3;

export type SeedVerdict = "agrees" | "contradicts" | "depends on the seed" | "not resolved";

export interface ClaimAcrossSeeds {
  section: string;
  claim: OriginalClaim;
  /** McNemar on the dev images, seed by seed (a = the config the original found better). */
  perSeed: { seed: number; comparison: Comparison }[];
  /** better − worse in accuracy points, over the seeds both have; null with too few seeds. */
  difference: MeanDifference | null;
  /** The seed-level p after Holm's correction over every claim tested; null when not tested. */
  adjustedP: number | null;
  verdict: SeedVerdict;
}

/** A section's scored runs (every seed) and the original's claims about them. */
export interface SectionScores {
  section: string;
  scored: Scored[];
  claims: OriginalClaim[];
}

function bySeed(scored: Scored[], label: string): Map<number, Scored> {
  return new Map(scored.filter((s) => s.label === label).map((s) => [s.run.config.seed, s]));
}

/** Every claim of every section, across the seeds both its configs have, Holm-corrected together. */
export function claimsAcrossSeeds(sections: SectionScores[]): ClaimAcrossSeeds[] {
  const out: Omit<ClaimAcrossSeeds, "adjustedP" | "verdict">[] = [];
  for (const { section, scored, claims } of sections) {
    for (const claim of claims) {
      const better = bySeed(scored, claim.better);
      const worse = bySeed(scored, claim.worse);
      const seeds = [...better.keys()].filter((s) => worse.has(s)).sort((x, y) => x - y);
      if (seeds.length === 0) continue;
      const perSeed = seeds.map((seed) => ({ seed, comparison: compare(better.get(seed)!, worse.get(seed)!) }));
      const difference =
        seeds.length >= SEEDS_FOR_A_CONCLUSION ? pairedDifferences(perSeed.map((s) => s.comparison.points)) : null;
      out.push({ section, claim, perSeed, difference });
    }
  }
  const tested = out.filter((c) => c.difference);
  const adjusted = holmAdjust(tested.map((c) => c.difference!.p));
  return out.map((c) => {
    const i = tested.indexOf(c);
    const adjustedP = i < 0 ? null : adjusted[i];
    return { ...c, adjustedP, verdict: verdictOf(c.perSeed, c.difference, adjustedP) };
  });
}

function verdictOf(
  perSeed: ClaimAcrossSeeds["perSeed"],
  difference: MeanDifference | null,
  adjustedP: number | null,
): SeedVerdict {
  if (difference && adjustedP !== null && adjustedP < ALPHA && difference.mean !== 0)
    return difference.mean > 0 ? "agrees" : "contradicts";
  const signs = new Set(perSeed.map((s) => Math.sign(s.comparison.points)).filter((x) => x !== 0));
  const imageVerdicts = new Set(perSeed.map((s) => s.comparison.verdict).filter((v) => v === "a" || v === "b"));
  return signs.size > 1 || imageVerdicts.size > 1 ? "depends on the seed" : "not resolved";
}

/**
 * A claim the seeds point one way on without settling it: its seed-paired 95% interval excludes
 * zero, but its Holm-adjusted p (over every claim tested) does not clear ALPHA.
 */
export function excludesZeroUncorrected(c: ClaimAcrossSeeds): boolean {
  const d = c.difference;
  const settled = c.verdict === "agrees" || c.verdict === "contradicts";
  return d !== null && !settled && (d.interval.low > 0 || d.interval.high < 0);
}

/** The claims left "not resolved" although their seed-paired interval excludes zero. */
export function notResolvedExcludingZero(claims: ClaimAcrossSeeds[]): ClaimAcrossSeeds[] {
  return claims.filter((c) => c.verdict === "not resolved" && excludesZeroUncorrected(c));
}

/** "1 claim", "3 claims". */
export const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

const signed = (x: number, digits = 2) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(digits)}`;

function perSeedText(c: ClaimAcrossSeeds): string {
  return c.perSeed
    .map(({ seed, comparison: k }) => {
      const test = k.test ? `, McNemar ${formatP(k.test.p)}` : ", no per-image predictions";
      return `seed ${seed} ${signed(k.points)}${test}`;
    })
    .join("; ");
}

/** "resnet 95%" where the original's report gave a figure, else the label alone. */
const withFigure = (label: string, figure?: number) => (figure === undefined ? label : `${label} ${figure}%`);

/** One claim across seeds in words: the original's claim, our verdict and the numbers behind it. */
export function describeClaimAcrossSeeds(c: ClaimAcrossSeeds, tested: number): string {
  const { better, worse, betterFigure, worseFigure } = c.claim;
  const claim = `the original reported ${withFigure(better, betterFigure)} over ${withFigure(worse, worseFigure)}`;
  const seeds = c.perSeed.length;
  const perSeed = `per seed, ${better} − ${worse}: ${perSeedText(c)}`;
  if (!c.difference)
    return c.verdict === "depends on the seed"
      ? `${c.section}: ${claim}; it depends on the seed so far: the ${seeds} seeds trained disagree on the direction (${perSeed}), with ${SEEDS_FOR_A_CONCLUSION - seeds} of the ${SEEDS_FOR_A_CONCLUSION} seeds a test needs still to train.`
      : `${c.section}: ${claim}; not resolved: ${seeds} of the ${SEEDS_FOR_A_CONCLUSION} seeds a conclusion needs (${perSeed}).`;
  const d = c.difference;
  const numbers = `${better} − ${worse} = ${signed(d.mean)} points over ${d.n} seeds (95% interval ${signed(d.interval.low)} to ${signed(d.interval.high)}; seed-paired t-test ${formatP(d.p)}, Holm-adjusted ${formatP(c.adjustedP!)} over ${plural(tested, "claim")})`;
  const unsettled = excludesZeroUncorrected(c)
    ? ` (its interval excludes zero; its Holm-adjusted p does not clear ${ALPHA})`
    : "";
  return `${c.section}: ${claim}; ${VERDICT_WORDS[c.verdict]}${unsettled}: ${numbers}; ${perSeed}.`;
}

/** A verdict in the words the findings use. */
const VERDICT_WORDS: Record<SeedVerdict, string> = {
  agrees: "ours agrees",
  contradicts: "ours finds the opposite",
  "depends on the seed": "it depends on the seed",
  "not resolved": "not resolved",
};

/** The columns of the claims table: one row per claim (claimsTableRows). */
export const CLAIMS_TABLE_HEADERS = [
  "section",
  "the original's claim",
  "ours: better − worse (points)",
  "95% interval",
  "seeds",
  "t-test p",
  "Holm p",
  "verdict",
];

const pValue = (p: number): ShownNumber => ({ value: p, text: pFigure(p) });

/** Each claim as a row: its seed-paired difference, interval and p-values (null where not tested), and the verdict. */
export function claimsTableRows(claims: ClaimAcrossSeeds[]): Cell[][] {
  return claims.map((c) => {
    const { better, worse, betterFigure, worseFigure } = c.claim;
    const d = c.difference;
    const verdict = `${VERDICT_WORDS[c.verdict]}${excludesZeroUncorrected(c) ? " (interval excludes zero)" : ""}`;
    return [
      c.section,
      `${withFigure(better, betterFigure)} over ${withFigure(worse, worseFigure)}`,
      d && { value: d.mean, text: signed(d.mean) },
      d && `${signed(d.interval.low)} to ${signed(d.interval.high)}`,
      c.perSeed.length,
      d && pValue(d.p),
      c.adjustedP === null ? null : pValue(c.adjustedP),
      verdict,
    ];
  });
}

/** How the claims fell, in one sentence: "Of the original's 8 claims: 0 hold either way, 1 depends on the seed, 7 are not resolved (3 …)." */
export function verdictCounts(claims: ClaimAcrossSeeds[]): string {
  const count = (...verdicts: SeedVerdict[]) => claims.filter((c) => verdicts.includes(c.verdict)).length;
  const verb = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const near = notResolvedExcludingZero(claims).length;
  const parts = [
    verb(count("agrees", "contradicts"), "holds", "hold") + " either way",
    verb(count("depends on the seed"), "depends", "depend") + " on the seed",
    verb(count("not resolved"), "is", "are") +
      ` not resolved${near ? ` (${near} of them with a seed-paired interval that excludes zero)` : ""}`,
  ];
  return `Of the original's ${plural(claims.length, "claim")}: ${parts.join(", ")}.`;
}

/** `tested` of the original's `total` claims, in words: "all 8 of the original's claims", "3 of the original's 8 claims", "none of …". */
export function claimsCounted(tested: number, total: number): string {
  if (tested === total) return total === 1 ? "the original's one claim" : `all ${total} of the original's claims`;
  return `${tested === 0 ? "none" : tested} of the original's ${plural(total, "claim")}`;
}

/** The conclusions: claims that hold across seeds, those that depend on the seed, and those not resolved. */
export function conclusionsAcrossSeeds(
  claims: ClaimAcrossSeeds[],
  devImages: number | undefined,
): (string | string[])[] {
  const tested = claims.filter((c) => c.difference).length;
  const describe = (c: ClaimAcrossSeeds) => describeClaimAcrossSeeds(c, tested);
  const held = claims.filter((c) => c.verdict === "agrees" || c.verdict === "contradicts");
  const depends = claims.filter((c) => c.verdict === "depends on the seed");
  const open = claims.filter((c) => c.verdict === "not resolved");
  const images = devImages ? `${devImages.toLocaleString("en-US")} ` : "";
  const subject = claimsCounted(tested, claims.length);
  const method = tested
    ? `${subject[0].toUpperCase()}${subject.slice(1)} ${tested === 1 ? "has" : "have"} ${SEEDS_FOR_A_CONCLUSION} seeds on both sides and ${tested === 1 ? "was" : "were"} tested: the seed-paired difference of best dev accuracy, Student's t on the seeds, Holm-corrected over the ${plural(tested, "claim")} tested (p < ${ALPHA}); McNemar's test on the same ${images}dev images, seed by seed, is the image-level check.`
    : `None of the original's ${plural(claims.length, "claim")} has ${SEEDS_FOR_A_CONCLUSION} seeds on both sides yet, so none is tested across seeds.`;
  const blocks: (string | string[])[] = [method];
  blocks.push(
    ...(held.length
      ? ["Conclusions that hold across seeds at this budget:", held.map(describe)]
      : ["No claim of the original holds across seeds at this budget, either way."]),
  );
  if (depends.length) blocks.push("Depend on the seed (the seeds disagree on the direction):", depends.map(describe));
  if (open.length) blocks.push("Not resolved:", open.map(describe));
  return blocks;
}
