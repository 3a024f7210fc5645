import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const python = resolve(".venv/bin/python");
const ready = existsSync(python) && existsSync(".venv/share/jupyter/kernels/tslab/kernel.json");

function notebook(sources: string[], kernel = "tslab") {
  return {
    cells: sources.map((source, i) => ({
      cell_type: "code",
      id: `c${i}`,
      metadata: {},
      execution_count: null,
      outputs: [],
      source,
    })),
    metadata: { kernelspec: { name: kernel, display_name: "TypeScript", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

describe.skipIf(!ready)("the notebook executor", () => {
  const dir = resolve(".cache/executor-test");
  mkdirSync(dir, { recursive: true });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("leaves an unchanged notebook byte for byte as it was when it runs again (no timestamps, stable chart ids)", () => {
    const path = join(dir, "stable.ipynb");
    const chart =
      'import * as study from "fashion-mnist-study";\nstudy.show(study.comparisonDots([{ label: "a", ours: 90, original: 95 }], "t", "ours"));';
    writeFileSync(path, JSON.stringify(notebook([chart, 'console.log("fine");'])));
    const run = () => {
      const r = spawnSync(python, ["scripts/report/execute_notebooks.py", path], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(path, "utf8");
    };
    const first = run();
    expect(first).toContain("chart-");
    expect(run()).toBe(first);
  }, 120_000);

  it("stops at a failing cell, naming the notebook, the cell and the error", () => {
    const path = join(dir, "failing.ipynb");
    writeFileSync(
      path,
      JSON.stringify(
        notebook([
          'console.log("fine");',
          "const limit = 3;\nif (limit < 5) throw new Error(`limit ${limit} is below 5`);",
          'console.log("never");',
        ]),
      ),
    );
    const r = spawnSync(python, ["scripts/report/execute_notebooks.py", path], { encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${path}: cell 1 failed`);
    expect(r.stderr).toContain("Error: limit 3 is below 5");
  }, 120_000);

  it("names a TypeScript compile error of a cell (tslab prints it to stderr)", () => {
    const path = join(dir, "type-error.ipynb");
    writeFileSync(path, JSON.stringify(notebook(['const n: number = "not a number";'])));
    const r = spawnSync(python, ["scripts/report/execute_notebooks.py", path], { encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${path}: cell 0 failed`);
    expect(r.stderr).toMatch(/1:7 - Type 'string' is not assignable to type 'number'/);
  }, 120_000);

  it("refuses a notebook that is not on the tslab kernel", () => {
    const path = join(dir, "python.ipynb");
    writeFileSync(path, JSON.stringify(notebook(["print(1)"], "python3")));
    const r = spawnSync(python, ["scripts/report/execute_notebooks.py", path], { encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("kernel is 'python3', expected 'tslab'");
  });
});
