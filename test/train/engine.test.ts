import { describe, expect, it } from "vitest";
import { chooseEngine } from "../../src/train/engine.js";
import { ExpectedError } from "../../src/util/errors.js";

const DIR = "output_dir/runs/x";
const NO_ADDON = "its native addon is not built (run npm run setup)";

describe("chooseEngine", () => {
  it("trains a new run on the compiled path where it can run, else on the eager path", () => {
    expect(chooseEngine(null, undefined, null, DIR)).toBe("compiled");
    expect(chooseEngine(null, undefined, NO_ADDON, DIR)).toBe("eager");
  });

  it("follows FMNIST_ENGINE for a new run, and says in one line why compiled cannot run here", () => {
    expect(chooseEngine(null, "eager", null, DIR)).toBe("eager");
    expect(() => chooseEngine(null, "compiled", NO_ADDON, DIR)).toThrow(
      new ExpectedError(`FMNIST_ENGINE=compiled cannot be used here: ${NO_ADDON}`),
    );
    expect(() => chooseEngine(null, "graph", null, DIR)).toThrow(
      /FMNIST_ENGINE='graph' is not a training path; expected one of compiled, eager/,
    );
  });

  it("resumes a run on the path its checkpoint records (runs from before the compiled step: eager), whatever the default", () => {
    expect(chooseEngine("eager", undefined, null, DIR)).toBe("eager");
    expect(chooseEngine("compiled", undefined, null, DIR)).toBe("compiled");
    expect(chooseEngine("eager", "eager", null, DIR)).toBe("eager");
  });

  it("refuses to switch a run's path, or to resume a compiled run where the compiled step cannot run", () => {
    expect(() => chooseEngine("eager", "compiled", null, DIR)).toThrow(
      /trained by the eager path and a run keeps one path/,
    );
    expect(() => chooseEngine("compiled", undefined, NO_ADDON, DIR)).toThrow(
      /was trained by the compiled path, which cannot run here \(its native addon is not built/,
    );
    expect(() => chooseEngine("xla", undefined, null, DIR)).toThrow(/records the training path 'xla'/);
  });
});
