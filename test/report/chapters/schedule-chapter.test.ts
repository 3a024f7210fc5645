import { describe, expect, it } from "vitest";
import { makeConfig } from "../../../src/experiments/config.js";
import { runExperiment, type Run } from "../../../src/experiments/store.js";
import { chosenSchedule, scheduleCandidates } from "../../../src/experiments/study.js";
import type { Scored } from "../../../src/report/statistics/findings.js";
import { finalsNote, goalSentence, scheduleChoiceNote } from "../../../src/report/chapters/schedule-chapter.js";
import { scheduleLabel } from "../../../src/train/schedule.js";
import { wilsonInterval } from "../../../src/util/stats.js";
import { tmpDir } from "../../helpers/fixtures.js";
import { tinyDataset } from "../../helpers/tiny-data.js";

const N = 10_000;
const labels = Uint8Array.from({ length: N }, (_, i) => i % 10);

/** A final model scored on N test images, right on those where `right(i)` holds. */
function finalScore(label: string, right: (i: number) => boolean): Scored {
  const predictions = Uint8Array.from(labels, (y, i) => (right(i) ? y : (y + 1) % 10));
  const correct = predictions.filter((c, i) => c === labels[i]).length;
  const run = {
    name: label,
    config: makeConfig({ model: "resnet", loss: "focal", split: "final", profile: "cpu" }),
  } as Run;
  return {
    label,
    run,
    set: "test",
    correct,
    n: N,
    accuracy: correct / N,
    interval: wilsonInterval(correct, N),
    predictions: { step: 20_000, images: "test", labels, predictions },
  };
}

describe("the final models against the original's 94.23%", () => {
  it("says above, short of, or inside the interval, by the interval", () => {
    expect(goalSentence(finalScore("cosine from 0.001", (i) => i < 9_560))).toBe(
      "Final model, cosine from 0.001: 95.60% (95% interval 95.2–96.0%, 10,000 test images) after 20,000 steps: above the original's 94.23% after 250,000 steps, beyond the interval.",
    );
    expect(goalSentence(finalScore("original schedule", (i) => i < 9_300))).toBe(
      "Final model, original schedule: 93.00% (95% interval 92.5–93.5%, 10,000 test images) after 20,000 steps: short of the original's 94.23% after 250,000 steps by 1.23 points, beyond the interval.",
    );
    expect(goalSentence(finalScore("original schedule", (i) => i < 9_410))).toMatch(
      /94\.10% .*: the original's 94\.23% after 250,000 steps lies inside its interval, so the test set cannot tell the two apart\.$/,
    );
  });

  it("compares two final models on the same test images, and says when there is none", () => {
    const a = finalScore("original schedule", (i) => i < 9_300);
    const b = finalScore("cosine from 0.001", (i) => i < 9_200 || (i >= 9_300 && i < 9_500));
    const text = finalsNote([a, b])["text/plain"];
    expect(text).toContain("Final model, original schedule: 93.00%");
    expect(text).toContain(
      "cosine from 0.001 beats original schedule by 1.00 points (200 vs 100 images right only by one, McNemar p < 0.001)",
    );
    expect(finalsNote([a])["text/plain"]).not.toContain("beats");
    expect(finalsNote([])["text/plain"]).toMatch(/No final model is trained at this profile yet/);
  });
});

describe("the schedule the dev split chooses", () => {
  it("waits for every candidate, then names the best one and what follows for the final model", async () => {
    const store = tmpDir("fmnist-schedule-");
    expect(scheduleChoiceNote("smoke", {}, [], store)["text/plain"]).toBe(
      "The choice waits for its candidates: 0 of 3 finished. Until then the final model keeps the original's schedule.",
    );
    const runs: Run[] = [];
    for (const cfg of scheduleCandidates("smoke"))
      runs.push(await runExperiment(cfg, { outputDir: store, data: tinyDataset() }));
    const chosen = chosenSchedule("smoke", {}, store)!;
    const best = runs.reduce((a, b) => (b.done!.best!.accuracy > a.done!.best!.accuracy ? b : a));
    expect(chosen).toEqual(best.config.schedule);
    const label = scheduleLabel(chosen);
    const text = scheduleChoiceNote("smoke", {}, [], store)["text/plain"];
    expect(text).toMatch(
      new RegExp(`^The dev split chooses ${label}, the candidate with the highest best dev accuracy\\. `),
    );
    expect(text).toContain(
      chosen.kind === "cosine"
        ? "The final model is trained again with it"
        : "The final model keeps the original's schedule",
    );
    // a choice the paired test cannot back is said to be one
    const same = (l: string) => ({ ...finalScore(l, (i) => i < 9_000), set: "dev" as const });
    const other = runs.map((r) => scheduleLabel(r.config.schedule)).find((l) => l !== label)!;
    expect(scheduleChoiceNote("smoke", {}, [same(label), same(other)], store)["text/plain"]).toContain(
      `This is a choice, not a finding: the paired test cannot tell it from ${other}.`,
    );
  }, 180_000);
});
