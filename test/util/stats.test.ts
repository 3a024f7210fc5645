import { describe, expect, it } from "vitest";
import {
  holmAdjust,
  incompleteBeta,
  mcnemarExact,
  pairedDifferences,
  pairedTest,
  studentQuantile,
  studentTwoSidedP,
  wilsonInterval,
} from "../../src/util/stats.js";

describe("Wilson interval", () => {
  // Newcombe (1998), Statistics in Medicine 17:857, Table I, method 3 (score interval)
  const newcombe: [number, number, number, number][] = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  for (const [x, n, low, high] of newcombe) {
    it(`${x}/${n} gives [${low}, ${high}]`, () => {
      const i = wilsonInterval(x, n);
      expect(i.low).toBeCloseTo(low, 4);
      expect(i.high).toBeCloseTo(high, 4);
    });
  }

  it("is about ±0.9 points at 91% on 4,000 images, the study's dev set", () => {
    const i = wilsonInterval(3640, 4000);
    expect((i.high - i.low) / 2).toBeCloseTo(0.0089, 3);
  });

  it("refuses impossible counts", () => {
    expect(() => wilsonInterval(5, 4)).toThrow(/0 ≤ correct ≤ n/);
  });
});

describe("McNemar's exact test", () => {
  it("matches the binomial sums by hand", () => {
    // n = 10, k = 1: 2·(1 + 10)/1024
    expect(mcnemarExact(1, 9).p).toBeCloseTo(22 / 1024, 12);
    // n = 14, k = 3: 2·(1 + 14 + 91 + 364)/16384
    expect(mcnemarExact(11, 3).p).toBeCloseTo(940 / 16384, 12);
    expect(mcnemarExact(5, 5).p).toBe(1);
    expect(mcnemarExact(0, 0).p).toBe(1);
  });

  it("stays finite for thousands of discordant images", () => {
    const r = mcnemarExact(700, 600);
    expect(r.p).toBeGreaterThan(0);
    expect(r.p).toBeLessThan(0.01);
  });

  it("counts the discordant images of two classifiers", () => {
    const labels = [0, 1, 2, 3, 4, 5];
    const a = [0, 1, 2, 0, 0, 5]; // right on 0, 1, 2, 5
    const b = [0, 0, 2, 3, 4, 0]; // right on 0, 2, 3, 4
    expect(pairedTest(labels, a, b)).toMatchObject({ onlyA: 2, onlyB: 2, p: 1 });
    expect(() => pairedTest(labels, a, [1])).toThrow(/same images/);
  });
});

describe("Student's t", () => {
  it("gives the textbook critical values of a two-sided 95% interval", () => {
    // any table of Student's t, 0.975 quantile
    expect(studentQuantile(0.05, 1)).toBeCloseTo(12.706, 3);
    expect(studentQuantile(0.05, 2)).toBeCloseTo(4.303, 3);
    expect(studentQuantile(0.05, 10)).toBeCloseTo(2.228, 3);
  });

  it("gives p-values that match closed forms", () => {
    // df = 1 is the Cauchy distribution: P(|T| > t) = 1 − 2·atan(t)/π
    for (const t of [0.3, 1, 2.5, 40]) expect(studentTwoSidedP(t, 1)).toBeCloseTo(1 - (2 * Math.atan(t)) / Math.PI, 12);
    // df = 2: P(|T| > t) = 1 − t/√(2 + t²)
    for (const t of [0.5, 3, 9]) expect(studentTwoSidedP(t, 2)).toBeCloseTo(1 - t / Math.sqrt(2 + t * t), 12);
    expect(studentTwoSidedP(0, 4)).toBeCloseTo(1, 12);
    expect(incompleteBeta(0.5, 2, 3)).toBeCloseTo(11 / 16, 12);
  });
});

describe("paired differences", () => {
  it("tests and bounds the mean of seed-paired differences", () => {
    // mean 2, sd 1, se 1/√3, t = 2√3 on 2 degrees of freedom
    const d = pairedDifferences([1, 2, 3]);
    expect(d.mean).toBe(2);
    const t = 2 * Math.sqrt(3);
    expect(d.p).toBeCloseTo(1 - t / Math.sqrt(2 + t * t), 10);
    expect(d.interval.low).toBeCloseTo(2 - 4.302653 / Math.sqrt(3), 5);
    expect(d.interval.high).toBeCloseTo(2 + 4.302653 / Math.sqrt(3), 5);
  });

  it("does not call differences that change sign significant", () => {
    expect(pairedDifferences([1.2, -0.4, 0.9]).p).toBeGreaterThan(0.3);
  });

  it("needs two seeds at least", () => {
    expect(() => pairedDifferences([1])).toThrow(/at least 2/);
  });
});

describe("Holm's adjustment", () => {
  it("multiplies the i-th smallest by m − i, monotone, capped at 1", () => {
    expect(holmAdjust([0.01, 0.04, 0.03, 0.005])).toEqual([0.03, 0.06, 0.06, 0.02]);
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1]);
    expect(holmAdjust([])).toEqual([]);
  });
});
