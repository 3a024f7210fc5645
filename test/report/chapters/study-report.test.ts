import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeConfig, runName } from "../../../src/experiments/config.js";
import type { Run } from "../../../src/experiments/store.js";
import type { TestEvaluation } from "../../../src/experiments/run-model.js";
import { budgetNote, missingNote } from "../../../src/report/chapters/study-report.js";
import { earlierTestLook, finalTable } from "../../../src/report/chapters/final-model-chapter.js";
import { tmpDir } from "../../helpers/fixtures.js";

const backend = { name: "tensorflow" as const, tfjsBackend: "tensorflow", tfjsVersion: "4.22.0", skipped: [] };

function run(name: string, continuedFrom: Run["continuedFrom"]): Run {
  const config = makeConfig({ model: "resnet", loss: "focal", split: "final", profile: "cpu" });
  const done = {
    complete: true as const,
    steps: config.steps,
    backend,
    trainSeconds: 60,
    best: null,
    last: null,
    finishedAt: "x",
  };
  return { name, dir: `/nowhere/${name}`, config, metrics: [], done, evaluation: null, continuedFrom, problems: [] };
}

describe("budgetNote", () => {
  it("states steps, epochs, profile and backend, says these are short runs, and leaves run names and paths to the Provenance appendix", () => {
    const note = budgetNote([run("resnet-focal-a", null)]);
    expect(note).toMatch(
      /^Budget: 20,000 steps of batch 64 \(21\.3 epochs of 59,990 images\), profile "cpu", backend tensorflow\. The original trained 250,000 steps: /,
    );
    expect(note).toContain("not a reproduction");
    expect(note).toContain(
      "Figures below come from this run (their names, files and how each was trained: the Provenance appendix)",
    );
    expect(note).not.toContain("/nowhere/");
    expect(note).not.toContain("resnet-focal-a");
    expect(note).not.toContain("continued");
  });

  it("says that a continued run went on from a shorter one, and at which step", () => {
    const note = budgetNote([run("resnet-focal-b", { run: "resnet-focal-a", step: 10_000 })]);
    expect(note).toContain(
      "It went on from the last checkpoint (step 10,000) of the same config with fewer steps (the schedule",
    );
  });
});

describe("missingNote", () => {
  it("names each missing run by its config in words with the command that trains it, not by its hash", () => {
    const cfg = makeConfig({ model: "resnet", loss: "focal", seed: 2, profile: "cpu" });
    const note = missingNote([cfg], "cpu");
    const text = String(note?.["text/markdown"]);
    expect(text).toContain(
      "Not yet trained at profile cpu (1): resnet, focal, p = 0.3, seed 2, 3,000 steps (`npm run train -- --model resnet --loss focal --seed 2`).",
    );
    expect(text).not.toContain(runName(cfg));
    expect(missingNote([], "cpu")).toBeNull();
  });
});

describe("earlierTestLook", () => {
  it("gives the test score of the shorter run a run continued from, when it was scored", () => {
    const runs = join(tmpDir(), "runs");
    const continued = {
      ...run("resnet-focal-b", { run: "resnet-focal-a", step: 10_000 }),
      dir: join(runs, "resnet-focal-b"),
    };
    mkdirSync(join(runs, "resnet-focal-a"), { recursive: true });
    expect(earlierTestLook(continued)).toBeNull(); // the shorter run was never scored
    writeFileSync(join(runs, "resnet-focal-a", "eval.json"), JSON.stringify({ accuracy: 0.9254 }));
    const note = earlierTestLook(continued)!;
    expect(note).toMatch(
      /^The 10,000-step model this run continued from \(resnet-focal-a\) had been scored on the test set before its budget was raised: 92\.54% \(/,
    );
    expect(note).toContain("not the first look at the test set");
    expect(earlierTestLook(run("resnet-focal-c", null))).toBeNull();
  });

  it("gives the score of an earlier training of the same config, kept in earlier-eval.json, and refuses a damaged one in one line", () => {
    const dir = join(tmpDir(), "runs", "resnet-focal-d");
    const again = { ...run("resnet-focal-d", null), dir };
    mkdirSync(dir, { recursive: true });
    expect(earlierTestLook(again)).toBeNull();
    writeFileSync(
      join(dir, "earlier-eval.json"),
      JSON.stringify({ accuracy: 0.9413, evaluatedAt: "2026-11-30T01:27:00Z" }),
    );
    expect(earlierTestLook(again)).toBe(
      "An earlier training of this same config and seed was scored on the test set: 94.13% (its eval.json, kept as earlier-eval.json, scored 2026-11-30). Its weights were not kept, so the config was trained again from step 0 and scored once more: the score given for it here is the new model's, and so not the first look at the test set.",
    );
    writeFileSync(join(dir, "earlier-eval.json"), JSON.stringify({ accuracy: 94.13 }));
    expect(() => earlierTestLook(again)).toThrow(
      `${join(dir, "earlier-eval.json")}: expected a test evaluation with an accuracy between 0 and 1; restore it from git`,
    );
    writeFileSync(join(dir, "earlier-eval.json"), "{");
    expect(() => earlierTestLook(again)).toThrow(/earlier-eval\.json: not readable JSON \(.*\); restore it from git$/);
  });
});

describe("finalTable", () => {
  it("puts each class's test accuracy on its own row, beside the original's for that class", () => {
    const perClass = [0.91, 0.99, 0.93, 0.94, 0.95, 0.985, 0.78, 0.97, 0.995, 0.96];
    const e = {
      run: "r",
      step: 20_000,
      checkpoint: "last step",
      backend: "tensorflow",
      evaluatedAt: "x",
      accuracy: 0.9341,
      perClass,
      count: 10_000,
      confusion: [],
    } as TestEvaluation;
    const rows = finalTable(run("resnet-focal-a", null), e)["text/plain"].split("\n").slice(2);
    expect(rows[0]).toMatch(/^overall\s+93\.41\s+94\.23\s*$/);
    expect(rows[1]).toMatch(/^0 T-shirt\/top\s+91\.00\s+91\.00\s*$/);
    expect(rows[7]).toMatch(/^6 Shirt\s+78\.00\s+78\.20\s*$/);
    expect(rows[10]).toMatch(/^9 Ankle boot\s+96\.00\s+96\.40\s*$/);
    expect(rows.length).toBe(11);
  });
});
