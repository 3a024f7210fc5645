/**
 * A reader's loop in JupyterLab: change a parameter, rerun the experiment cell. Runs the real
 * cells of notebooks/04-losses.ipynb in one tslab kernel (smoke profile, scratch run store).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { tmpDir } from "../helpers/fixtures.js";

const python = resolve(".venv/bin/python");
const ready = existsSync(python) && existsSync(".venv/share/jupyter/kernels/tslab/kernel.json");

interface CellResult {
  status: string;
  seconds: number;
  outputs: { msg_type: string; content: { name?: string; text?: string; data?: Record<string, unknown> } }[];
}

const plots = (r: CellResult) =>
  r.outputs
    .map((o) => o.content.data?.["application/vnd.plotly.v1+json"])
    .filter(Boolean)
    .map((p) => JSON.stringify(p));
const trainingLines = (r: CellResult) =>
  r.outputs.filter(
    (o) => o.msg_type === "update_display_data" && String(o.content.data?.["text/plain"]).includes("step "),
  );
const printed = (r: CellResult) =>
  r.outputs
    .filter((o) => o.msg_type === "stream")
    .map((o) => o.content.text)
    .join("");

describe.skipIf(!ready)("rerunning an experiment cell", () => {
  it("trains new runs for a changed parameter and updates the plots; unchanged, it reads the store", () => {
    const nb = JSON.parse(readFileSync("notebooks/04-losses.ipynb", "utf8"));
    const code = nb.cells
      .filter((c: { cell_type: string }) => c.cell_type === "code")
      .map((c: { source: string[] }) => c.source.join(""));
    const [parameters, experiment] = code;
    expect(parameters).toContain("const SEED = 0;");
    expect(parameters).toContain("const LOSSES = study.STUDY_LOSSES;");
    expect(experiment).toContain("study.runSection(");
    const listRuns = "console.log(JSON.stringify(study.listRuns().filter((r) => r.done).map((r) => r.config.seed)));";
    const cells = [
      parameters,
      experiment,
      listRuns,
      parameters.replace("const SEED = 0;", "const SEED = 1;"),
      experiment,
      listRuns,
      experiment,
      listRuns,
      // another list of candidates: only those runs, read from the store
      parameters.replace("const LOSSES = study.STUDY_LOSSES;", 'const LOSSES = ["focal"] as const;'),
      experiment,
      listRuns,
    ];

    const work = tmpDir("fmnist-rerun-");
    const cellsFile = join(work, "cells.json");
    writeFileSync(cellsFile, JSON.stringify(cells));
    const resultsFile = join(work, "results.json");
    const r = spawnSync(python, [resolve("test/helpers/kernel_cells.py"), cellsFile, resultsFile], {
      cwd: resolve("notebooks"),
      encoding: "utf8",
      env: { ...process.env, FMNIST_PROFILE: "smoke", FMNIST_OUTPUT_DIR: join(work, "out") },
    });
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(resultsFile, "utf8")) as CellResult[];
    expect(results.map((x) => x.status)).toEqual(cells.map(() => "ok"));
    const [, first, runsAfterFirst, , changed, runsAfterChanged, again, runsAfterAgain, , focalOnly, runsAfterFocal] =
      results;

    // first run: the three losses trained at seed 0, with a live progress line
    expect(JSON.parse(printed(runsAfterFirst))).toEqual([0, 0, 0]);
    expect(trainingLines(first).length).toBeGreaterThan(0);
    // seed 1: three new runs trained, and the cell's plots show them
    expect(JSON.parse(printed(runsAfterChanged)).sort()).toEqual([0, 0, 0, 1, 1, 1]);
    expect(trainingLines(changed).length).toBeGreaterThan(0);
    expect(plots(changed)).toHaveLength(plots(first).length);
    expect(plots(changed)).not.toEqual(plots(first));
    // unchanged: nothing trained, the same plots from the store
    expect(JSON.parse(printed(runsAfterAgain)).sort()).toEqual([0, 0, 0, 1, 1, 1]);
    expect(trainingLines(again)).toEqual([]);
    expect(plots(again)).toEqual(plots(changed));
    // LOSSES = ["focal"]: the stored focal run alone, nothing trained
    expect(JSON.parse(printed(runsAfterFocal)).sort()).toEqual([0, 0, 0, 1, 1, 1]);
    expect(trainingLines(focalOnly)).toEqual([]);
    const bars = JSON.parse(plots(focalOnly)[0]) as { data: { x?: unknown[]; y?: unknown[] }[] };
    const labels = bars.data.flatMap((t) => [...(t.x ?? []), ...(t.y ?? [])]).filter((v) => typeof v === "string");
    expect(labels).toContain("focal");
    expect(labels).not.toContain("cross_entropy");
  }, 600_000);
});
