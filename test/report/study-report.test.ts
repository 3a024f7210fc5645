import { describe, expect, it } from "vitest";
import { makeConfig } from "../../src/experiments/config.js";
import type { Run } from "../../src/experiments/store.js";
import { budgetNote } from "../../src/report/study-report.js";

const backend = { name: "tensorflow" as const, tfjsBackend: "tensorflow", tfjsVersion: "4.22.0", skipped: [] };

function run(name: string, continuedFrom: Run["continuedFrom"]): Run {
  const config = makeConfig({ model: "resnet", loss: "focal", split: "final", profile: "cpu" });
  const done = { complete: true as const, steps: config.steps, backend, trainSeconds: 60, best: null, last: null, finishedAt: "x" };
  return { name, dir: `/nowhere/${name}`, config, metrics: [], done, evaluation: null, continuedFrom };
}

describe("budgetNote", () => {
  it("states steps, epochs, profile and backend, says these are short runs, and names the files", () => {
    const note = budgetNote([run("resnet-focal-a", null)]);
    expect(note).toMatch(/^Budget: 20,000 steps of batch 64 \(21\.3 epochs of 60,000 images\), profile "cpu", backend tensorflow\./);
    expect(note).toContain("not a reproduction");
    expect(note).toContain("/nowhere/resnet-focal-a");
    expect(note).not.toContain("continued");
  });

  it("says which run a continued run went on from, and at which step", () => {
    const note = budgetNote([run("resnet-focal-b", { run: "resnet-focal-a", step: 10_000 })]);
    expect(note).toContain("resnet-focal-b was continued from resnet-focal-a at step 10,000 (the same config with fewer steps;");
  });
});
