/** One damaged file: named, its run marked damaged with the repair, everything else still works. */
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runName } from "../../src/experiments/config.js";
import { resultRows, resultsMarkdown } from "../../src/experiments/results.js";
import { findRun, loadRun, runDirFor, runExperiment, runState } from "../../src/experiments/store.js";
import { studyConfigs } from "../../src/experiments/study.js";
import { runSection } from "../../src/report/chapters/study-report.js";
import { RUN_FILES, RunFileError } from "../../src/train/run-files.js";
import { tmpDir } from "../helpers/fixtures.js";
import { tinyDataset } from "../helpers/tiny-data.js";

const [cfg, other] = studyConfigs("architectures", "smoke");
let pristine: string;

beforeAll(async () => {
  pristine = tmpDir();
  for (const c of [cfg, other]) await runExperiment(c, { outputDir: pristine, data: tinyDataset() });
}, 120_000);

/** A copy of the two finished runs with one file of the first replaced by `text`. */
function damaged(file: string, text: string): { out: string; path: string } {
  const out = tmpDir();
  cpSync(pristine, out, { recursive: true });
  const path = join(runDirFor(cfg, out), file);
  writeFileSync(path, text);
  return { out, path };
}

function cli(script: string, args: string[], out: string) {
  return spawnSync(process.execPath, ["--import", "tsx", `src/cli/${script}.ts`, ...args], {
    encoding: "utf8",
    env: { ...process.env, FMNIST_OUTPUT_DIR: out, FMNIST_TRAIN: "never" },
  });
}

describe("damaged run files", () => {
  const cases: [string, string, string | null | ((text: string) => string), RegExp][] = [
    ["truncated done.json", RUN_FILES.done, '{"complete": true, "ste', /done\.json: not valid JSON/],
    ["done.json = null", RUN_FILES.done, "null", /done\.json: holds null, not an object/],
    [
      "done.json with a wrong type",
      RUN_FILES.done,
      null,
      /done\.json: "best": accuracy "x" is not a fraction in \[0, 1\]/,
    ],
    [
      "done.json with a damaged machine",
      RUN_FILES.done,
      (text) => text.replace(/"cores": \d+/, '"cores": "two"'),
      /done\.json: "machine": cores "two" is not a positive whole number/,
    ],
    [
      "done.json with damaged steps on fewer cores",
      RUN_FILES.done,
      (text) => text.replace('"meanLoad"', '"fewerCoreSteps": {"1": -5}, "meanLoad"'),
      /done\.json: "machine": fewerCoreSteps \{"1":-5\} is not steps by a number of cores/,
    ],
    [
      "an edited config.json",
      RUN_FILES.config,
      null,
      /config\.json: holds the config of .*, not of simple_model_1-cross_entropy-/,
    ],
    [
      "a metrics line with a wrong type",
      RUN_FILES.metrics,
      null,
      /metrics\.jsonl: line 1: loss "high" is not a number/,
    ],
    [
      "a metrics line with damaged cores",
      RUN_FILES.metrics,
      (text) => text.replace(/"cores":\d+/, '"cores":0'),
      /metrics\.jsonl: line 1: cores 0 is not a positive whole number/,
    ],
  ];
  const content = (file: string, original: string | null | ((text: string) => string)): string => {
    if (typeof original === "string") return original;
    const text = readFileSync(join(runDirFor(cfg, pristine), file), "utf8");
    if (typeof original === "function") return original(text);
    if (file === RUN_FILES.done) return text.replace(/"accuracy": [0-9.]+/, '"accuracy": "x"');
    if (file === RUN_FILES.config) return text.replace('"seed": 0', '"seed": 7');
    return text.replace(/"loss":[0-9.e-]+/, '"loss":"high"');
  };

  for (const [name, file, text, message] of cases) {
    it(`${name}: named with its repair everywhere, the other run unharmed`, async () => {
      const { out, path } = damaged(file, content(file, text));
      // the store and the run's state
      expect(() => findRun(cfg, out)).toThrow(RunFileError);
      expect(() => findRun(cfg, out)).toThrow(message);
      const state = runState(cfg, out);
      expect(state.state).toBe("damaged");
      expect(state.damage).toContain(path.split("/").slice(-3).join("/"));
      expect(state.damage).toMatch(
        /restore it \(git checkout -- .*\) or retrain: move .* away, then npm run train -- --model simple_model_1 --profile smoke/,
      );
      expect(findRun(other, out)?.done?.complete).toBe(true);
      // the results table: a damaged row, the others as before, no NaN
      const md = resultsMarkdown(resultRows("smoke", out));
      expect(md).toContain(`Damaged: ${path}`);
      expect(md).not.toContain("NaN");
      // study --list: the run marked damaged, exit 0
      const list = cli("study", ["--list", "--profile", "smoke", "--section", "architectures"], out);
      expect(list.status).toBe(0);
      expect(list.stdout).toMatch(new RegExp(`damaged\\s+architectures\\s+${runName(cfg)}`));
      expect(list.stdout).toMatch(message);
      // train and evaluate: one error line, exit 1, no stack trace
      const train = cli("train", ["--model", "simple_model_1", "--profile", "smoke"], out);
      expect(train.status).toBe(1);
      expect(train.stderr).toMatch(message);
      expect(train.stderr).not.toMatch(/\n\s+at /);
    }, 120_000);
  }

  it("a report section leaves the damaged run out with a note and shows the others", async () => {
    const { out } = damaged(RUN_FILES.done, "null");
    const before = process.env.FMNIST_OUTPUT_DIR;
    process.env.FMNIST_OUTPUT_DIR = out;
    process.env.FMNIST_TRAIN = "never";
    try {
      const section = await runSection("architectures", "smoke", {});
      expect(section.runs.map((r) => r.name)).toEqual([runName(other)]);
      expect(section.damaged).toHaveLength(1);
      expect(section.damaged[0]).toMatch(/done\.json: holds null/);
    } finally {
      if (before === undefined) delete process.env.FMNIST_OUTPUT_DIR;
      else process.env.FMNIST_OUTPUT_DIR = before;
      delete process.env.FMNIST_TRAIN;
    }
  });

  it("a truncated eval.json on a dev run (where it is unused) is noted, not fatal", () => {
    const { out } = damaged(RUN_FILES.eval, '{"accuracy": 0.9');
    const run = loadRun(runDirFor(cfg, out));
    expect(run.done?.complete).toBe(true);
    expect(run.problems[0]).toMatch(/eval\.json: not valid JSON.*ignored: a dev run's figures come from its dev set/);
  });

  it("an eval.json whose predictions do not cover its images is named", () => {
    const confusion = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 1 : 0)));
    const evaluation = { accuracy: 1, perClass: Array(10).fill(1), confusion, step: 20 };
    const { out } = damaged(RUN_FILES.eval, JSON.stringify({ ...evaluation, predictions: "012345678" }));
    expect(loadRun(runDirFor(cfg, out)).problems[0]).toMatch(
      /eval\.json: "predictions" is not 10 digits \(one class per test image\)/,
    );
    writeFileSync(
      join(runDirFor(cfg, out), RUN_FILES.eval),
      JSON.stringify({ ...evaluation, predictions: "0123456789" }),
    );
    expect(loadRun(runDirFor(cfg, out)).problems).toEqual([]);
  });
});
