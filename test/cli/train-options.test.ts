import { parseArgs } from "node:util";
import { describe, expect, it } from "vitest";
import { makeConfig, runName, type ExperimentConfig } from "../../src/experiments/config.js";
import { STUDY_SECTIONS, studyConfigs } from "../../src/experiments/study.js";
import { configInputFromArgs, TRAIN_OPTIONS } from "../../src/cli/train-options.js";
import { trainCommand } from "../../src/experiments/reproduce.js";

/** The config that `npm run train` builds from a printed command line. */
function configOfCommand(command: string): ExperimentConfig {
  const argv = command.replace(/^npm run train -- /, "").split(" ");
  const args = parseArgs({ args: argv, options: TRAIN_OPTIONS, strict: true });
  return makeConfig(configInputFromArgs(args, args.values.model!));
}

describe("trainCommand", () => {
  it("names exactly the study's runs, at every profile", () => {
    for (const profile of ["smoke", "cpu", "paper"] as const) {
      for (const section of STUDY_SECTIONS) {
        for (const cfg of studyConfigs(section, profile))
          expect(runName(configOfCommand(trainCommand(cfg)))).toBe(runName(cfg));
      }
    }
  });

  it("names only what differs from the defaults", () => {
    expect(trainCommand(makeConfig({ model: "resnet" }))).toBe("npm run train -- --model resnet");
    expect(
      trainCommand(
        makeConfig({ model: "inception", loss: "focal", seed: 3, steps: 500, augmentOps: ["crop", "flip"] }),
      ),
    ).toBe("npm run train -- --model inception --loss focal --ops flip,crop --seed 3 --steps 500");
  });

  it("refuses a config the command line cannot express", () => {
    expect(() => trainCommand(makeConfig({ model: "resnet", batchSize: 32 }))).toThrow(/cannot express this config/);
  });
});
