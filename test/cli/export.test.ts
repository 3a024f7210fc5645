/** npm run export and evaluate: into the run store in use, and one line for a run they cannot load. */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeConfig } from "../../src/experiments/config.js";
import { runExperiment } from "../../src/experiments/store.js";
import { realDataDir, tmpDir } from "../helpers/fixtures.js";
import { tinyDataset } from "../helpers/tiny-data.js";

const committedExport = "output_dir/final_model/weights.bin";

function cli(script: string, env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", `src/cli/${script}.ts`, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
}

describe("export and evaluate with another run store", () => {
  const store = tmpDir("fmnist-export-");
  let name = "";
  beforeAll(async () => {
    const cfg = makeConfig({ model: "simple_model_1", profile: "smoke" });
    name = (await runExperiment(cfg, { outputDir: store, data: tinyDataset() })).name;
  }, 120_000);
  afterAll(() => rmSync(store, { recursive: true, force: true }));

  it("exports into that store's final_model/, leaving the checkout's demo model alone", () => {
    const before = existsSync(committedExport) ? statSync(committedExport).mtimeMs : null;
    const r = cli("export", { FMNIST_OUTPUT_DIR: store }, name);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(store, "final_model", "meta.json"), "utf8")).run).toBe(name);
    expect(existsSync(committedExport) ? statSync(committedExport).mtimeMs : null).toBe(before);
  }, 120_000);

  // evaluate scores the real test set
  it.skipIf(!realDataDir())(
    "evaluates once into eval.json, then re-scores against it and keeps it unless --replace",
    () => {
      const path = join(store, "runs", name, "eval.json");
      const first = cli("evaluate", { FMNIST_OUTPUT_DIR: store }, name);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain(`wrote ${path}\n`);
      const written = readFileSync(path, "utf8");
      const again = cli("evaluate", { FMNIST_OUTPUT_DIR: store }, name);
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).toMatch(
        /the stored eval\.json \(evaluated \d{4}-\d\d-\d\d, (compiled|eager) inference\) holds [\d.]+%: reproduced exactly; 0 of [\d,]+ predictions differ\. Kept .*eval\.json; --replace writes this score instead\./,
      );
      expect(readFileSync(path, "utf8")).toBe(written);
      const replaced = cli("evaluate", { FMNIST_OUTPUT_DIR: store }, name, "--replace");
      expect(replaced.status, replaced.stderr).toBe(0);
      expect(replaced.stdout).toMatch(/wrote .*eval\.json \(replacing a score of [\d.]+%\)/);
      expect(readFileSync(path, "utf8")).not.toBe(written); // a new evaluatedAt
    },
    180_000,
  );

  it("says in one line that a run without its checkpoint or an export of it cannot be loaded", () => {
    for (const f of readdirSync(join(store, "runs", name)))
      if (f.endsWith(".ckpt")) rmSync(join(store, "runs", name, f));
    rmSync(join(store, "final_model"), { recursive: true, force: true });
    for (const script of ["export", "evaluate"]) {
      const r = cli(script, { FMNIST_OUTPUT_DIR: store }, name);
      expect(r.status, script).toBe(1);
      expect(r.stderr.trim()).toMatch(
        new RegExp(
          `^error: checkpoint .*${name}/best-\\d+\\.ckpt is missing \\(checkpoints are not committed, and no exported model of ${name} was found; present: none\\)\\. Retrain with: npm run train -- `,
        ),
      );
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 120_000);
});
