import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NumpyRandomState } from "../../src/data/numpy-mt19937.js";
import { projectPath } from "../../src/util/paths.js";

const VENV_PYTHON = projectPath(".venv/bin/python");

/** numpy's own answer to a snippet that prints JSON, or null where the venv has no numpy. */
function numpy(code: string): unknown {
  if (!existsSync(VENV_PYTHON)) return null;
  try {
    return JSON.parse(execFileSync(VENV_PYTHON, ["-c", `import json, numpy as np\n${code}`], { encoding: "utf8" }));
  } catch {
    return null;
  }
}
const hasNumpy = numpy("print(1)") === 1;

describe("numpy's legacy MT19937, reproduced", () => {
  // Reference values printed by numpy 2.3 (np.random.seed / RandomState, the legacy generator).
  it("gives MT19937's reference outputs for seed 5489", () => {
    const r = new NumpyRandomState(5489);
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual([3499211612, 581869302, 3890346734]);
  });

  it("permutation(6000) after seed(1) starts as numpy's", () => {
    expect(Array.from(new NumpyRandomState(1).permutation(6000).subarray(0, 8))).toEqual([1483, 2185, 2520, 3721, 3727, 4524, 234, 4735]);
  });

  it("choice without replacement continues the stream as numpy's", () => {
    const r = new NumpyRandomState(7);
    expect(Array.from(r.choiceWithoutReplacement(10, 10))).toEqual([8, 5, 0, 2, 1, 9, 7, 3, 6, 4]);
    expect(Array.from(r.choiceWithoutReplacement(37, 5))).toEqual([13, 15, 22, 27, 25]);
  });

  it.skipIf(!hasNumpy)("matches numpy in .venv draw for draw (several seeds and sizes)", () => {
    const cases: [number, number[]][] = [
      [0, [5, 6000, 100_000]],
      [1, [6000, 6000, 1]],
      [4294967295, [70_000, 3]],
    ];
    for (const [seed, sizes] of cases) {
      const want = numpy(`np.random.seed(${seed})\nprint(json.dumps([np.random.permutation(n).tolist() for n in ${JSON.stringify(sizes)}]))`) as number[][];
      const r = new NumpyRandomState(seed);
      const got = sizes.map((n) => Array.from(r.permutation(n)));
      for (let i = 0; i < sizes.length; i++) {
        const firstDiff = got[i].findIndex((v, j) => v !== want[i][j]);
        expect([seed, sizes[i], firstDiff]).toEqual([seed, sizes[i], -1]);
      }
    }
  });

  it("refuses a seed numpy refuses", () => {
    expect(() => new NumpyRandomState(-1)).toThrow(/numpy seed must be an integer in \[0, 2\^32\), got -1/);
    expect(() => new NumpyRandomState(2 ** 32)).toThrow(/got 4294967296/);
  });
});
