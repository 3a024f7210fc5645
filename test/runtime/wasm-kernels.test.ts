/** The wasm backend's Conv2DBackpropFilter (ours) against the pure-JS backend's, in a child process. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { padAmounts } from "../../src/runtime/wasm-kernels.js";

describe("wasm Conv2DBackpropFilter", () => {
  it("pads as TensorFlow does", () => {
    expect(padAmounts("valid", 9, 3, 1)).toEqual([0, 0]);
    expect(padAmounts("same", 9, 3, 1)).toEqual([1, 1]);
    expect(padAmounts("same", 8, 3, 2)).toEqual([0, 1]);
    expect(padAmounts("same", 9, 3, 2)).toEqual([1, 1]);
    expect(padAmounts("same", 24, 2, 1)).toEqual([0, 1]);
  });

  it("matches the cpu backend's filter gradient for valid, same and strided convolutions", () => {
    // its own process: the backend is chosen once per process
    const r = spawnSync(process.execPath, ["--import", "tsx", "test/helpers/wasm-grad-check.ts"], { encoding: "utf8" });
    expect(r.stderr).not.toMatch(/Error/);
    const results = JSON.parse(r.stdout.trim().split("\n").pop()!) as { case: string; maxDiff: number }[];
    expect(results.length).toBe(6);
    for (const c of results) expect(c.maxDiff, c.case).toBeLessThan(1e-3);
  }, 120_000);
});
