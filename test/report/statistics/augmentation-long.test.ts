import { describe, expect, it } from "vitest";
import type { Run } from "../../../src/experiments/store.js";
import type { MetricsLine } from "../../../src/train/run-files.js";
import {
  devLead,
  fitSentence,
  leadSentence,
  longAugmentationNote,
  trainingFit,
} from "../../../src/report/statistics/augmentation-long.js";
import { labelBy } from "../../../src/report/chapters/study-report.js";
import { sampledBatches } from "../../../src/train/metrics.js";
import { scoreRun } from "../../../src/report/statistics/findings.js";
import { devLine, madeUpRun } from "../../helpers/made-up-runs.js";

/** A made-up 40,000-step run: training accuracy train(step) every 500 steps, dev accuracy dev(step) every 5,000. */
function run(augmentProb: number, train: (step: number) => number, dev: (step: number) => number): Run {
  const metrics: MetricsLine[] = [];
  for (let step = 500; step <= 40_000; step += 500) {
    metrics.push({ kind: "train", step, loss: 0.1, accuracy: train(step), learningRate: 5e-4, imagesPerSecond: 150 });
    if (step % 5000 === 0) metrics.push(devLine(step, dev(step)));
  }
  return madeUpRun({
    name: `resnet-p${augmentProb}`,
    config: { model: "resnet", augmentProb, steps: 40_000 },
    metrics,
  });
}

/** A made-up p = 0 run of `steps` logged every 50 steps (batch 64), `wrong(step)` sampled images wrong in each line. */
function loggedEvery50(steps: number, wrong: (step: number) => number): Run {
  const metrics: MetricsLine[] = [];
  for (let step = 50; step <= steps; step += 50) {
    const images = sampledBatches(step - 50, step) * 64;
    const accuracy = (images - wrong(step)) / images;
    metrics.push({ kind: "train", step, loss: 0.1, accuracy, learningRate: 5e-4, imagesPerSecond: 150 });
  }
  return madeUpRun({ name: `resnet-p0-${steps}`, config: { model: "resnet", augmentProb: 0, steps }, metrics });
}

// p = 0 fits its training set at step 32,000 and falls from 0.93 to 0.91 on dev after 20,000;
// p = 0.3 climbs slowly, above p = 0 from step 25,000 on
const none = run(
  0,
  (s) => Math.min(1, 0.8 + s / 160_000),
  (s) => (s <= 20_000 ? 0.9 + s / 700_000 : 0.93 - (s - 20_000) / 1_000_000),
);
const strong = run(
  0.3,
  (s) => 0.75 + s / 400_000,
  (s) => 0.88 + s / 800_000,
);

describe("the augmentation claims over long training", () => {
  it("finds the step at which the run without augmentation fits its training set", () => {
    const fit = trainingFit(none)!;
    expect(fit).toEqual({ highest: 1, highestStep: 32_000, fullAt: 32_000, nearAt: 31_500, windowImages: 8000 });
    expect(fitSentence("p=0", fit, 40_000)).toBe(
      "p=0 fits its training set: its training accuracy, pooled as the original logged it (one batch in 4 over 500 steps, 8,000 images), is 100% first in the window to step 32,000.",
    );
    const never = trainingFit(strong)!;
    expect(never.fullAt).toBeNull();
    expect(fitSentence("p=0.3", never, 40_000)).toBe(
      "p=0.3 does not fit its training set by step 40,000: its training accuracy, pooled as the original logged it (one batch in 4 over 500 steps, 8,000 images), is at most 85.00% (the window to step 40,000); never 99.50%.",
    );
  });

  it("pools a run logged every 50 steps over the original's 500: one line of all right is not a fit", () => {
    // ten lines to a window; the line to step 20,050 has every sampled image right, its neighbours 3 wrong each
    const logged = loggedEvery50(21_000, (step) => (step === 20_050 ? 0 : 3));
    const fit = trainingFit(logged)!;
    expect(fit.fullAt).toBeNull();
    expect(fit.windowImages).toBe(8000);
    // the window to step 20,500 holds the all-right line and nine with 3 wrong: 27 of 8,000 wrong
    expect(fit.highest).toBeCloseTo(1 - 27 / 8000, 12);
    expect(fit.highestStep).toBe(20_500);
    expect(fit.nearAt).toBe(500);
  });

  it("counts only whole windows: a shorter last window all right is not a fit", () => {
    // 1,100 steps logged every 50: two whole windows with 3 wrong each, then steps 1,001–1,100
    // (25 sampled batches, 1,600 images) all right
    const short = loggedEvery50(1_100, (step) => (step <= 1_000 && step % 500 === 0 ? 3 : 0));
    const fit = trainingFit(short)!;
    expect(fit.fullAt).toBeNull();
    expect(fit.highest).toBeCloseTo(1 - 3 / 8000, 12);
    expect(fit.highestStep).toBe(500);
    expect(fit.windowImages).toBe(8000);
  });

  it("finds where one run overtakes another on dev for good", () => {
    const lead = devLead(strong, none);
    // dev at 5k…40k: p=0.3 0.886…0.93, p=0 0.907…0.91; ahead from 35,000 on
    expect(lead.evaluations).toBe(8);
    expect(lead.forGoodFrom).toBe(35_000);
    expect(lead.ahead).toBe(2);
    expect(leadSentence("p=0.3", "p=0", lead)).toBe(
      "p=0.3 is above p=0 at 2 of 8 dev evaluations, and at every one from step 35,000 to the last.",
    );
    expect(devLead(none, strong).forGoodFrom).toBeNull();
  });

  it("says what is missing instead of concluding from one run", () => {
    expect(longAugmentationNote([strong], [], labelBy.augmentProb)["text/plain"]).toMatch(
      /^What the long runs show: not yet/,
    );
  });

  const labels = Uint8Array.from({ length: 4000 }, (_, i) => i % 10);
  /** A run's best checkpoint scored with `correct` of the 4,000 dev images right (the first ones). */
  const score = (r: Run, correct: number) =>
    scoreRun(r, labelBy.augmentProb(r), {
      step: 40_000,
      images: "a".repeat(64),
      labels,
      predictions: Uint8Array.from(labels, (y, i) => (i < correct ? y : (y + 1) % 10)),
    })!;
  // p = 0.05: never fits (at most 91.34%), between the other two on dev
  const medium = run(
    0.05,
    (s) => 0.78 + s / 300_000,
    (s) => 0.89 + s / 1_000_000,
  );

  it("checks the original's three statements, and names the run the last one still needs", () => {
    const two = longAugmentationNote([none, strong], [score(none, 3640), score(strong, 3720)], labelBy.augmentProb);
    expect(two["text/plain"]).toContain(
      "\n\nThe original's three statements about long training, checked at 40,000 steps (dev accuracy compared on the best checkpoints):\n\n" +
        '- "Without augmentation resnet fits its training set after 30,000–40,000 steps": holds: 100% first in the window to step 32,000, within the original\'s 30,000–40,000.\n' +
        '- "Without augmentation it does worse on the dev set": holds: p=0.3 beats p=0 by 2.00 points (80 vs 0 images right only by one, McNemar p < 0.001).\n' +
        '- "p=0.05 keeps it from fitting, but does less well than p=0.3": not yet: the p=0.05 run is not in the store (`npm run study -- --list` names the runs still to train).',
    );
    const three = longAugmentationNote(
      [none, medium, strong],
      [score(none, 3640), score(medium, 3680), score(strong, 3720)],
      labelBy.augmentProb,
    )["text/plain"];
    expect(three).toContain(
      "- With p=0.05, resnet does not fit its training set by step 40,000: its training accuracy, pooled as the original logged it (one batch in 4 over 500 steps, 8,000 images), is at most 91.34% (the window to step 40,000); never 99.50%.",
    );
    expect(three).toContain(
      '- "Without augmentation it does worse on the dev set": holds: p=0.3 beats p=0 by 2.00 points (80 vs 0 images right only by one, McNemar p < 0.001); p=0.05 beats p=0 by 1.00 points (40 vs 0 images right only by one, McNemar p < 0.001).',
    );
    expect(three).toContain(
      '- "p=0.05 keeps it from fitting, but does less well than p=0.3": holds: p=0.05 does not fit its training set (at most 91.34%), where p=0 does; p=0.3 beats p=0.05 by 1.00 points (40 vs 0 images right only by one, McNemar p < 0.001).',
    );
    expect(three).not.toContain("not yet");
  });

  it("says when a statement does not hold, or the runs cannot tell", () => {
    // p = 0 never fits; p = 0.05 fits at step 24,000; p = 0 beats p = 0.3 on dev; p = 0.3 and p = 0.05 tie
    const loose = run(
      0,
      (s) => 0.9 + s / 1_000_000,
      () => 0.92,
    );
    const fitting = run(
      0.05,
      (s) => Math.min(1, 0.88 + s / 200_000),
      () => 0.9,
    );
    const text = longAugmentationNote(
      [loose, fitting, strong],
      [score(loose, 3720), score(fitting, 3640), score(strong, 3642)],
      labelBy.augmentProb,
    )["text/plain"];
    expect(text).toContain(
      '- "Without augmentation resnet fits its training set after 30,000–40,000 steps": does not hold by step 40,000: at most 94.00% (480 of 8,000 images wrong in the window to step 40,000).',
    );
    expect(text).toContain(
      '- "Without augmentation it does worse on the dev set": does not hold: p=0 beats p=0.3 by 1.95 points',
    );
    expect(text).toContain(
      '- "p=0.05 keeps it from fitting, but does less well than p=0.3": does not hold: p=0.05 fits its training set (100% first in the window to step 24,000); p=0.3 and p=0.05 are indistinguishable at 40,000 steps (+0.05 points',
    );
    // neither p = 0 nor p = 0.05 fits: nothing for p = 0.05 to prevent, so only the dev half is checked
    const unfit = longAugmentationNote(
      [loose, medium, strong],
      [score(loose, 3640), score(medium, 3680), score(strong, 3720)],
      labelBy.augmentProb,
    )["text/plain"];
    expect(unfit).toContain(
      '- "p=0.05 keeps it from fitting, but does less well than p=0.3": only its second half can be checked: p=0 does not fit its training set by step 40,000 either, so there is no fit for p=0.05 to prevent (at most 94.00% for p=0, at most 91.34% for p=0.05); "does less well than p=0.3": holds: p=0.3 beats p=0.05 by 1.00 points (40 vs 0 images right only by one, McNemar p < 0.001).',
    );
    // a fit before the original's range, and a tie on dev: not resolved
    const early = run(
      0,
      (s) => Math.min(1, 0.9 + s / 200_000),
      () => 0.92,
    );
    const tie = longAugmentationNote([early, strong], [score(early, 3700), score(strong, 3702)], labelBy.augmentProb)[
      "text/plain"
    ];
    expect(tie).toContain("holds: 100% first in the window to step 20,000, before the original's 30,000–40,000.");
    expect(tie).toContain(
      '- "Without augmentation it does worse on the dev set": not resolved: p=0.3 and p=0 are indistinguishable at 40,000 steps',
    );
  });

  it("states each finding from the runs", () => {
    const text = longAugmentationNote([none, strong], [], labelBy.augmentProb)["text/plain"];
    expect(text).toContain(
      "Without augmentation (p=0), resnet fits its training set: its training accuracy, pooled as the original",
    );
    expect(text).toContain("p=0.3 is above p=0 at 2 of 8 dev evaluations");
    expect(text).toMatch(
      /Dev accuracy at the last step: p=0 91\.00% \(95% interval 90\.1–91\.8%\) at step 40,000; p=0\.3 93\.00%/,
    );
  });
});
