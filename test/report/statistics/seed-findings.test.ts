import { describe, expect, it } from "vitest";
import { scoreRun, type OriginalClaim, type Scored } from "../../../src/report/statistics/findings.js";
import {
  claimsAcrossSeeds,
  claimsCounted,
  conclusionsAcrossSeeds,
  claimsTableRows,
  describeClaimAcrossSeeds,
  excludesZeroUncorrected,
  verdictCounts,
  type SectionScores,
} from "../../../src/report/statistics/seed-findings.js";
import { devLine, madeUpRun } from "../../helpers/made-up-runs.js";

const N = 4000;
const labels = Uint8Array.from({ length: N }, (_, i) => i % 10);

/** A made-up run of `model` at `seed`, right on its first `correct` dev images. */
function scored(model: "resnet" | "inception", seed: number, correct: number): Scored {
  const predictions = Uint8Array.from(labels, (y, i) => (i < correct ? y : (y + 1) % 10));
  const run = madeUpRun({ config: { model, seed }, best: devLine(3000, correct / N) });
  return scoreRun(run, model, { step: 3000, images: "a".repeat(64), labels, predictions })!;
}

const claim: OriginalClaim = { better: "inception", worse: "resnet" };

/** A store of both models at the given seeds, with the accuracies (in images of 4,000) given per seed. */
function store(inception: number[], resnet: number[]): SectionScores[] {
  return [
    {
      section: "architectures",
      scored: [
        ...inception.map((c, seed) => scored("inception", seed, c)),
        ...resnet.map((c, seed) => scored("resnet", seed, c)),
      ],
      claims: [claim],
    },
  ];
}

describe("the original's claims across seeds", () => {
  it("gives the original's figures where its report has them", () => {
    const sections = store([3700, 3710, 3690], [3600, 3606, 3594]).map((s) => ({
      ...s,
      claims: [{ ...claim, betterFigure: 94.5, worseFigure: 95 }],
    }));
    const [c] = claimsAcrossSeeds(sections);
    expect(describeClaimAcrossSeeds(c, 1)).toMatch(
      /^architectures: the original reported inception 94\.5% over resnet 95%; ours agrees/,
    );
  });

  it("states a claim when every seed agrees beyond the seed-to-seed spread", () => {
    // inception ahead by 100, 104 and 96 images of 4,000 (2.5 points, spread 0.2)
    const [c] = claimsAcrossSeeds(store([3700, 3710, 3690], [3600, 3606, 3594]));
    expect(c.verdict).toBe("agrees");
    expect(c.difference!.mean).toBeCloseTo(2.5, 6);
    expect(c.difference!.interval.low).toBeGreaterThan(0);
    expect(c.adjustedP).toBe(c.difference!.p);
    expect(describeClaimAcrossSeeds(c, 1)).toMatch(
      /^architectures: the original reported inception over resnet; ours agrees: inception − resnet = \+2\.50 points over 3 seeds \(95% interval \+2\.\d\d to \+2\.\d\d; seed-paired t-test p < 0\.001, Holm-adjusted p < 0\.001 over 1 claim\); per seed, inception − resnet: seed 0 \+2\.50, McNemar p < 0\.001; seed 1/,
    );
  });

  it("finds the opposite when the seeds agree the other way", () => {
    const [c] = claimsAcrossSeeds(store([3600, 3606, 3592], [3700, 3710, 3690]));
    expect(c.verdict).toBe("contradicts");
  });

  it("says 'depends on the seed' when seeds disagree, though one seed alone is significant", () => {
    // seed 0 alone: +2.5 points, McNemar p < 0.001; seeds 1 and 2 go the other way
    const [c] = claimsAcrossSeeds(store([3700, 3600, 3590], [3600, 3640, 3610]));
    expect(c.perSeed[0].comparison.verdict).toBe("a");
    expect(c.verdict).toBe("depends on the seed");
    expect(describeClaimAcrossSeeds(c, 1)).toContain("; it depends on the seed: ");
  });

  it("leaves a claim with fewer than three seeds not resolved, however large its difference", () => {
    const [c] = claimsAcrossSeeds(store([3900], [3000]));
    expect(c.difference).toBeNull();
    expect(c.verdict).toBe("not resolved");
    expect(describeClaimAcrossSeeds(c, 0)).toBe(
      "architectures: the original reported inception over resnet; not resolved: 1 of the 3 seeds a conclusion needs (per seed, inception − resnet: seed 0 +22.50, McNemar p < 0.001).",
    );
  });

  it("says that seeds trained so far already disagree on the direction before the claim can be tested", () => {
    const [c] = claimsAcrossSeeds(store([3700, 3590], [3600, 3640]));
    expect(c.difference).toBeNull();
    expect(c.verdict).toBe("depends on the seed");
    expect(describeClaimAcrossSeeds(c, 0)).toBe(
      "architectures: the original reported inception over resnet; it depends on the seed so far: the 2 seeds trained disagree on the direction (per seed, inception − resnet: seed 0 +2.50, McNemar p < 0.001; seed 1 −1.25, McNemar p < 0.001), with 1 of the 3 seeds a test needs still to train.",
    );
  });

  it("counts the claims tested in words: all, the one, some, none", () => {
    expect(claimsCounted(8, 8)).toBe("all 8 of the original's claims");
    expect(claimsCounted(1, 1)).toBe("the original's one claim");
    expect(claimsCounted(7, 8)).toBe("7 of the original's 8 claims");
    expect(claimsCounted(0, 1)).toBe("none of the original's 1 claim");
  });

  it("corrects for the number of claims tested (Holm)", () => {
    // the same moderate evidence, alone and as one of five claims
    const moderate = store([3630, 3664, 3656], [3600, 3604, 3596]); // +30, +60, +60 images: t = 5, p = 0.038
    const [alone] = claimsAcrossSeeds(moderate);
    expect(alone.verdict).toBe("agrees");
    expect(excludesZeroUncorrected(alone)).toBe(false);
    const family = claimsAcrossSeeds(Array.from({ length: 5 }, (_, k) => ({ ...moderate[0], section: `s${k}` })));
    expect(family).toHaveLength(5);
    for (const c of family) {
      expect(c.adjustedP).toBeCloseTo(Math.min(1, 5 * alone.difference!.p), 12);
      expect(c.verdict).toBe("not resolved");
      // its interval still excludes zero: said beside the verdict
      expect(c.difference!.interval.low).toBeGreaterThan(0);
      expect(excludesZeroUncorrected(c)).toBe(true);
      expect(describeClaimAcrossSeeds(c, 5)).toMatch(
        /; not resolved \(its interval excludes zero; its Holm-adjusted p does not clear 0\.05\): inception − resnet = \+1\.25 points/,
      );
    }
  });

  it("leaves out the interval clause when the interval spans zero", () => {
    const [c] = claimsAcrossSeeds(store([3640, 3608, 3620], [3600, 3604, 3596])); // +40, +4, +24 images
    expect(c.verdict).toBe("not resolved");
    expect(c.difference!.interval.low).toBeLessThan(0);
    expect(excludesZeroUncorrected(c)).toBe(false);
    expect(describeClaimAcrossSeeds(c, 1)).toContain("; not resolved: inception − resnet");
  });

  it("gives different conclusions for a store whose seeds agree and one whose seeds do not", () => {
    const agree = conclusionsAcrossSeeds(claimsAcrossSeeds(store([3700, 3710, 3690], [3600, 3606, 3594])), N);
    const disagree = conclusionsAcrossSeeds(claimsAcrossSeeds(store([3700, 3600, 3590], [3600, 3640, 3610])), N);
    expect(agree[0]).toBe(
      "The original's one claim has 3 seeds on both sides and was tested: the seed-paired difference of best dev accuracy, Student's t on the seeds, Holm-corrected over the 1 claim tested (p < 0.05); McNemar's test on the same 4,000 dev images, seed by seed, is the image-level check.",
    );
    expect(agree[1]).toBe("Conclusions that hold across seeds at this budget:");
    expect(agree[2]).toHaveLength(1);
    expect(agree).toHaveLength(3);
    expect(disagree.slice(1, 3)).toEqual([
      "No claim of the original holds across seeds at this budget, either way.",
      "Depend on the seed (the seeds disagree on the direction):",
    ]);
  });

  it("tabulates each claim and counts how they fell, differently for seeds that agree and seeds that do not", () => {
    const agree = claimsAcrossSeeds(store([3700, 3710, 3690], [3600, 3606, 3594]));
    const disagree = claimsAcrossSeeds(store([3700, 3600, 3590], [3600, 3640, 3610]));
    const early = claimsAcrossSeeds(store([3900], [3000]));
    const text = (rows: ReturnType<typeof claimsTableRows>) =>
      rows.map((r) => r.map((c) => (c === null ? "–" : typeof c === "object" ? c.text : String(c))));
    expect(text(claimsTableRows(agree))[0]).toEqual([
      "architectures",
      "inception over resnet",
      "+2.50",
      expect.stringMatching(/^\+2\.\d\d to \+2\.\d\d$/),
      "3",
      "< 0.001",
      "< 0.001",
      "ours agrees",
    ]);
    expect(text(claimsTableRows(disagree))[0].slice(4)).toEqual(["3", "0.79", "0.79", "it depends on the seed"]);
    expect(text(claimsTableRows(early))[0].slice(2)).toEqual(["–", "–", "1", "–", "–", "not resolved"]);
    expect(verdictCounts(agree)).toBe(
      "Of the original's 1 claim: 1 holds either way, 0 depend on the seed, 0 are not resolved.",
    );
    expect(verdictCounts(disagree)).toBe(
      "Of the original's 1 claim: 0 hold either way, 1 depends on the seed, 0 are not resolved.",
    );
    const family = claimsAcrossSeeds(
      Array.from({ length: 5 }, (_, k) => ({ ...store([3630, 3664, 3656], [3600, 3604, 3596])[0], section: `s${k}` })),
    );
    expect(verdictCounts(family)).toBe(
      "Of the original's 5 claims: 0 hold either way, 0 depend on the seed, 5 are not resolved (5 of them with a seed-paired interval that excludes zero).",
    );
    expect(text(claimsTableRows(family))[0][7]).toBe("not resolved (interval excludes zero)");
  });
});
