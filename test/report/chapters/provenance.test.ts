import { describe, expect, it } from "vitest";
import { makeConfig, runName } from "../../../src/experiments/config.js";
import { loadRun, runDirFor, runExperiment } from "../../../src/experiments/store.js";
import { STUDY_SECTIONS, studyConfigs } from "../../../src/experiments/study.js";
import { provenanceTable, studyRuns } from "../../../src/report/chapters/provenance.js";
import { initBackend } from "../../../src/runtime/backend.js";
import { tmpDir } from "../../helpers/fixtures.js";
import { tinyDataset } from "../../helpers/tiny-data.js";

await initBackend();

describe("the Provenance appendix", () => {
  it("lists every run of the study once, with every section that uses it", () => {
    const rows = studyRuns("smoke");
    const names = new Set(STUDY_SECTIONS.flatMap((s) => studyConfigs(s, "smoke").map(runName)));
    expect(rows.map((r) => runName(r.cfg)).sort()).toEqual([...names].sort());
    // resnet with cross-entropy at p = 0.3 serves three sections, and at smoke the long
    // augmentation runs too (the smoke long budget is its comparison budget: the same run)
    const shared = rows.find((r) => runName(r.cfg) === runName(makeConfig({ model: "resnet", profile: "smoke" })))!;
    expect(shared.sections).toEqual(["architectures", "losses", "augmentation", "augmentation_long"]);
  });

  it("gives a finished run's backend, training time, machine and load, date and commit, and where its files are; a missing run says so", async () => {
    const out = tmpDir();
    const cfg = makeConfig({ model: "simple_model_1", profile: "smoke" });
    await runExperiment(cfg, { outputDir: out, data: tinyDataset() });
    const text = provenanceTable("smoke", out)["text/plain"];
    const line = text.split("\n").find((l) => l.startsWith(runName(cfg)))!;
    expect(line).toMatch(
      /simple_model_1, cross_entropy, p = 0\.3, 12 steps .* (tensorflow \(compiled step\)|tensorflow|wasm|cpu) on .* ×\d+, load \d+\.\d +\d+m\d\ds +\d{4}-\d{2}-\d{2}, [0-9a-f]{10}/,
    );
    expect(line.includes("(compiled step)")).toBe(loadRun(runDirFor(cfg, out)).done?.engine === "compiled");
    expect(provenanceTable("smoke", out)["text/html"]).toContain(`${out}/runs/&lt;run&gt;/`);
    const other = text
      .split("\n")
      .find((l) => l.startsWith(runName(makeConfig({ model: "inception", profile: "smoke" }))))!;
    expect(other).toContain("missing");
  });
});
