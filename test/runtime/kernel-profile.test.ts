import { describe, expect, it } from "vitest";
import { kernelBreakdown } from "../../src/runtime/kernel-profile.js";

describe("kernelBreakdown", () => {
  const kernels = [
    { name: "Conv2D", ms: 3 },
    { name: "Relu", ms: 1 },
    { name: "Conv2D", ms: 5 },
    { name: "Adam", ms: 0.5 },
    { name: "Relu", ms: 0.5 },
    { name: "Conv2D", ms: 2 },
  ];

  it("sums time and calls by kernel name, per step, hottest first", () => {
    const b = kernelBreakdown(kernels, 2, 2);
    expect(b.kernelsPerStep).toBe(3);
    expect(b.kernelMsPerStep).toBeCloseTo(6);
    expect(b.top.map((k) => k.name)).toEqual(["Conv2D", "Relu"]);
    expect(b.top[0]).toMatchObject({ callsPerStep: 1.5, msPerStep: 5 });
    expect(b.top[0].share).toBeCloseTo(10 / 12);
    expect(b.top[1].msPerStep).toBeCloseTo(0.75);
  });

  it("lists every kernel when top exceeds their number, and handles an empty profile", () => {
    expect(kernelBreakdown(kernels, 1, 10).top).toHaveLength(3);
    expect(kernelBreakdown([], 1, 5)).toEqual({ kernelsPerStep: 0, kernelMsPerStep: 0, top: [] });
  });

  it("rejects a bad step count or a kernel without a time", () => {
    expect(() => kernelBreakdown(kernels, 0, 3)).toThrow(/steps must be a positive integer/);
    expect(() => kernelBreakdown([{ name: "Conv2D", ms: NaN }], 1, 3)).toThrow(/Conv2D has no valid time/);
  });
});
