import { describe, expect, it } from "vitest";
import { mcnemarExact, pairedTest, wilsonInterval } from "../../src/util/stats.js";

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
