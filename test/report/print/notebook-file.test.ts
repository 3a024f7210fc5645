import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { notebookText } from "../../../src/report/print/notebook-file.js";

const python = resolve(".venv/bin/python");

/** What Jupyter's server writes when JupyterLab sends `sent` (JSON text made in the browser). */
function jupyterWrites(sent: string): string {
  const code = [
    "import sys, nbformat",
    "nb = nbformat.reads(sys.stdin.read(), as_version=nbformat.NO_CONVERT)",
    "sys.stdout.write(nbformat.writes(nb) + '\\n')",
  ].join("\n");
  return execFileSync(python, ["-c", code], { input: sent, encoding: "utf8" });
}

const awkward = {
  cells: [
    {
      cell_type: "code",
      execution_count: 3,
      id: "a1",
      metadata: { zeta: true, alpha: null, empty: {}, list: [] },
      outputs: [
        {
          output_type: "display_data",
          metadata: {},
          data: {
            "text/plain": ["accuracy 0.9058\n", 'tab\there, quote " and é, ✓, \u001b[1m\n'],
            "image/png": "iVBORw0KGgo=",
            "application/vnd.plotly.v1+json": {
              data: [{ y: [0.5, 1e-7, 0.00001, 0.0001, 2.5e-5, -3, 0, 1e16, 1.5e300, 0.1 + 0.2, 123.456] }],
              layout: { height: 360, title: { text: "A < B & C" } },
            },
          },
        },
      ],
      source: ["const x = 1;\n", "x"],
    },
  ],
  metadata: { kernelspec: { display_name: "TypeScript", language: "typescript", name: "tslab" } },
  nbformat: 4,
  nbformat_minor: 5,
};

describe.skipIf(!existsSync(python))("notebookText", () => {
  it("writes byte for byte what Jupyter's server saves for the same notebook", () => {
    const sent = JSON.stringify(awkward);
    expect(notebookText(JSON.parse(sent))).toBe(jupyterWrites(sent));
  });

  it("writes numbers as Python does after JupyterLab's round trip", () => {
    const text = notebookText({ y: [1e-7, 0.00001, 0.0001, 1e16 + 0.5, 1.5e300, -2.5e-9, 5] });
    expect(text).toContain(
      '"y": [\n  1e-07,\n  1e-05,\n  0.0001,\n  10000000000000000,\n  1.5e+300,\n  -2.5e-09,\n  5\n ]',
    );
  });

  it("leaves every notebook of the report unchanged (they are stored as Jupyter writes them)", () => {
    for (const name of readdirSync("notebooks").filter((f) => f.endsWith(".ipynb"))) {
      const chapter = join("notebooks", name);
      const text = readFileSync(chapter, "utf8");
      expect(notebookText(JSON.parse(text)) === text, `${chapter} is not stored in Jupyter's form`).toBe(true);
    }
  });
});
