import { describe, expect, it } from "vitest";
import { PATHS } from "../../../src/config.js";
import { makeConfig, runName } from "../../../src/experiments/config.js";
import { exportedRunName } from "../../../src/experiments/run-model.js";
import { listRuns } from "../../../src/experiments/store.js";
import { demoModel, demoModelFrom, type DemoFacts } from "../../../src/report/chapters/demo-chapter.js";
import { demoModelDir, projectPath } from "../../../src/util/paths.js";
import { madeUpRun } from "../../helpers/made-up-runs.js";

const faithfulCfg = makeConfig({ model: "resnet", loss: "focal", split: "final", profile: "cpu" });
const studyCfg = makeConfig({
  model: "resnet",
  loss: "focal",
  split: "final",
  profile: "cpu",
  schedule: {
    kind: "cosine",
    initialLearningRate: 0.001,
    warmupSteps: 500,
    finalLearningRate: 1e-5,
    horizonSteps: 20_000,
  },
});
const study = madeUpRun({ config: studyCfg, name: runName(studyCfg) });
const faithful = madeUpRun({ config: faithfulCfg, name: runName(faithfulCfg) });
const store = projectPath("store");

function facts(over: Partial<DemoFacts>): DemoFacts {
  return {
    studyCfg,
    faithfulCfg,
    study,
    faithful,
    dir: `${store}/final_model`,
    exported: null,
    faithfulExport: null,
    studyHasModel: true,
    ...over,
  };
}

describe("which final model the demo runs", () => {
  it("names the study's final model when it is the export, and where the faithful reproduction's export is", () => {
    const shown = demoModelFrom(facts({ exported: study.name, faithfulExport: `${store}/exports/${faithful.name}` }));
    expect(shown.run).toBe(study);
    expect(shown.note).toMatch(/^The demo runs \*\*the study's final model \(resnet, focal, .*cosine from 0\.001/);
    expect(shown.note).toContain(`the faithful reproduction (${"resnet, focal"}`);
    expect(shown.note).toContain(`\`npm run demo -- --model store/exports/${faithful.name}\` serves it instead.`);
    expect(demoModelFrom(facts({ exported: study.name })).note).toContain("not exported here.");
  });

  it("says the faithful reproduction is the demo's, and what makes the study's final model the demo's instead", () => {
    const shown = demoModelFrom(facts({ exported: faithful.name }));
    expect(shown.run).toBe(faithful);
    expect(shown.note).toMatch(/^The demo runs \*\*the faithful reproduction .*, not the study's final model/);
    expect(shown.note).toMatch(new RegExp(`: \`npm run export -- ${study.name}\` makes it the demo's\\.$`));
    // without its weights, it must be trained again first
    expect(demoModelFrom(facts({ exported: faithful.name, studyHasModel: false })).note).toContain(
      "its weights are not in this checkout (checkpoints are not committed, and it was not exported), so it must be trained again (`npm run train -- --model resnet --loss focal --split final --schedule cosine --peak-lr 0.001`",
    );
    // not trained at all: the command that trains it
    expect(demoModelFrom(facts({ exported: faithful.name, study: null })).note).toContain(
      `it is not trained yet: \`npm run train -- --model resnet --loss focal --split final --schedule cosine --peak-lr 0.001\`, then \`npm run export -- ${study.name}\``,
    );
  });

  it("runs no final model when the folder holds another run or none, and says so", () => {
    const other = demoModelFrom(facts({ exported: "simple_model_1-cross_entropy-0123456789" }));
    expect(other.run).toBeNull();
    expect(other.note).toMatch(
      /^The demo's model folder `store\/final_model` holds simple_model_1-cross_entropy-0123456789, not a final model of profile "cpu"\. For the study's final model/,
    );
    expect(demoModelFrom(facts({})).note).toContain("holds no exported model.");
  });

  it("calls a final model chosen with the original's schedule just the final model", () => {
    const shown = demoModelFrom(facts({ studyCfg: faithfulCfg, study: faithful, exported: faithful.name }));
    expect(shown.run).toBe(faithful);
    expect(shown.note).toBe(
      "The demo runs the final model (resnet, focal, p = 0.3, final split, 20,000 steps), exported in `store/final_model`.",
    );
  });
});

describe("the committed store's demo model", () => {
  const stored = listRuns(projectPath(PATHS.outputDir)).some((r) => r.config.split === "final");
  it.skipIf(!stored)("is the run its meta.json names, when that run is one of the final models", () => {
    const exported = exportedRunName(demoModelDir(projectPath(PATHS.outputDir)));
    const shown = demoModel("cpu", {}, projectPath(PATHS.outputDir));
    expect(shown.run?.name ?? null).toBe(exported);
    expect(shown.note).toContain("exported in `output_dir/final_model`");
  });
});
