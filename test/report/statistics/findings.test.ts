import { describe, expect, it } from "vitest";
import type { DevPredictions } from "../../../src/experiments/predictions.js";
import type { Run } from "../../../src/experiments/store.js";
import {
  compare,
  scoreRun,
  scoreTest,
  findingsNote,
  sectionFindings,
  seedSpread,
  spreadNote,
} from "../../../src/report/statistics/findings.js";
import { devLine, madeUpRun } from "../../helpers/made-up-runs.js";

const N = 4000;
const labels = Uint8Array.from({ length: N }, (_, i) => i % 10);

/** Predictions right on the images where `right(i)` holds, wrong (label + 1) elsewhere. */
function predictions(right: (i: number) => boolean): DevPredictions {
  return {
    step: 3000,
    images: "a".repeat(64),
    labels,
    predictions: Uint8Array.from(labels, (y, i) => (right(i) ? y : (y + 1) % 10)),
  };
}

function scored(label: string, model: "resnet" | "inception", right: (i: number) => boolean, seed = 0) {
  const p = predictions(right);
  const correct = p.predictions.reduce((k, c, i) => k + (c === labels[i] ? 1 : 0), 0);
  return scoreRun(madeUpRun({ name: label, config: { model, seed }, best: devLine(3000, correct / N) }), label, p)!;
}

describe("findings in words, from the numbers", () => {
  // store 1: resnet right on 3,700, inception on 3,500; 300 images only resnet gets, 100 only inception
  const store1 = [
    scored("resnet", "resnet", (i) => i < 3700),
    scored("inception", "inception", (i) => i < 3400 || (i >= 3700 && i < 3800)),
  ];
  // store 2: 3,600 vs 3,590, 60 vs 50 discordant
  const store2 = [
    scored("resnet", "resnet", (i) => i < 3600),
    scored("inception", "inception", (i) => i < 3540 || (i >= 3600 && i < 3650)),
  ];

  it("scores each run with its count and 95% interval", () => {
    expect(store1[0]).toMatchObject({ correct: 3700, n: N, accuracy: 0.925 });
    expect(store1[0].interval.low).toBeCloseTo(0.9166, 3);
    expect(store1[0].interval.high).toBeCloseTo(0.9326, 3);
  });

  it("calls a difference real only when the paired test says so", () => {
    const c1 = compare(store1[0], store1[1]);
    expect([c1.test?.onlyA, c1.test?.onlyB, c1.verdict]).toEqual([300, 100, "a"]);
    const c2 = compare(store2[0], store2[1]);
    expect([c2.test?.onlyA, c2.test?.onlyB, c2.verdict]).toEqual([60, 50, "tie"]);
  });

  it("draws different conclusions from two different run stores", () => {
    const f1 = sectionFindings(store1);
    const f2 = sectionFindings(store2);
    expect(f1).toMatch(
      /^Highest dev accuracy: resnet 92\.50% \(95% interval 91\.6–93\.3%, 4,000 dev images\)\. Against the other run: resnet beats inception by 5\.00 points \(300 vs 100 images right only by one, McNemar p < 0\.001\)\./,
    );
    expect(f2).toMatch(
      /resnet and inception are indistinguishable at this budget \(\+0\.25 points, 60 vs 50 images right only by one, McNemar p = 0\.39\)/,
    );
    expect(f2).toContain("their ranking is noise at this budget");
    expect(f1).not.toEqual(f2);
  });

  it("lists each comparison in the chapter's note, under the one seed it rests on", () => {
    const three = [...store1, scored("simple_model_1", "inception", (i) => i < 3_000)];
    const note = findingsNote(three);
    const markdown = note["text/markdown"];
    expect(markdown).toMatch(
      /^What we found on seed 0 \(one run per config: the paired test says how these runs differ on the same images, not how another seed would fall\)\. Highest dev accuracy: resnet 92\.50%/,
    );
    expect(markdown).toContain("\n\nAgainst each other run:\n\n- resnet beats inception by 5.00 points");
    expect(markdown).toMatch(/\n- resnet beats simple_model_1 by 17\.50 points/);
    // runs of several seeds: no single seed to name
    const mixed = [store1[0], scored("inception", "inception", (i) => i < 3_500, 1)];
    expect(findingsNote(mixed)["text/markdown"]).toMatch(/^What we found\. Highest dev accuracy: resnet/);
    expect(note["text/html"]).toContain('<ul class="report-note"><li>resnet beats inception by 5.00 points');
    // one comparison stays a sentence
    expect(findingsNote(store2)["text/markdown"]).toMatch(
      /Against the other run: resnet and inception are indistinguishable/,
    );
  });

  it("says when runs have no stored predictions instead of testing", () => {
    const a = { ...store1[0], predictions: null };
    expect(compare(a, store1[1]).verdict).toBe("untested");
    expect(sectionFindings([a, store1[1]])).toContain("no per-image predictions stored, so no paired test");
    expect(sectionFindings([])).toMatch(/nothing to conclude/);
  });
});

describe("final models on the test set", () => {
  const testLabels = Uint8Array.from({ length: 10_000 }, (_, i) => i % 10);
  /** A final run's eval.json: right on the images where `right(i)` holds; predictions kept or not. */
  function evaluation(right: (i: number) => boolean, keep = true) {
    const predicted = Array.from(testLabels, (y, i) => (right(i) ? y : (y + 3) % 10));
    const confusion = Array.from({ length: 10 }, () => new Array(10).fill(0));
    predicted.forEach((c, i) => confusion[testLabels[i]][c]++);
    const accuracy = predicted.filter((c, i) => c === testLabels[i]).length / testLabels.length;
    return {
      run: "r",
      step: 20_000,
      checkpoint: "last step",
      backend: "tensorflow",
      evaluatedAt: "x",
      accuracy,
      perClass: new Array(10).fill(accuracy),
      count: testLabels.length,
      confusion,
      ...(keep ? { predictions: predicted.join("") } : {}),
    };
  }
  const run = (name: string) => ({ ...scored(name, "resnet", () => true).run, name });

  it("scores a final run's test accuracy from its eval.json, and tests two finals on the same images", () => {
    const a = scoreTest(
      run("cosine"),
      "cosine from 0.001",
      evaluation((i) => i < 9_450),
      testLabels,
    );
    const b = scoreTest(
      run("original"),
      "original schedule",
      evaluation((i) => i < 9_300 || (i >= 9_450 && i < 9_500)),
      testLabels,
    );
    expect([a.set, a.correct, a.n, a.accuracy]).toEqual(["test", 9_450, 10_000, 0.945]);
    expect([b.correct, b.accuracy]).toEqual([9_350, 0.935]);
    const c = compare(a, b);
    expect([c.test?.onlyA, c.test?.onlyB, c.verdict]).toEqual([150, 50, "a"]);
    expect(sectionFindings([b, a])).toMatch(
      /^Highest test accuracy: cosine from 0\.001 94\.50% \(95% interval 94\.0–94\.9%, 10,000 test images\)\. Against the other run: cosine from 0\.001 beats original schedule by 1\.00 points \(150 vs 50 images/,
    );
  });

  it("without stored predictions (an older eval.json): its count from the accuracy, and no paired test", () => {
    const a = scoreTest(
      run("old"),
      "old",
      evaluation((i) => i < 9_000, false),
      testLabels,
    );
    expect([a.correct, a.predictions]).toEqual([9_000, null]);
  });
});

describe("run-to-run spread", () => {
  const run = (model: "resnet" | "simple_model_1", seed: number, accuracy: number): Run =>
    madeUpRun({ config: { model, seed }, best: devLine(3000, accuracy) });

  it("groups runs that differ only in their seed, and states the widest range", () => {
    const spreads = seedSpread([
      run("resnet", 0, 0.9),
      run("resnet", 2, 0.91),
      run("resnet", 1, 0.895),
      run("simple_model_1", 0, 0.85),
    ]);
    expect(spreads).toHaveLength(1);
    expect(spreads[0].bySeed.map((s) => s.seed)).toEqual([0, 1, 2]);
    expect(spreads[0].range).toBeCloseTo(1.5, 9);
    expect(spreadNote([run("resnet", 0, 0.9), run("resnet", 1, 0.91)])["text/plain"]).toContain(
      "smaller than about 1.00 points is within what another seed alone can move",
    );
  });
});
