/** Charts hide nothing: bars from zero, and no point outside a fixed axis unless the axis says it is zoomed. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chartAxisProblems, ZOOM_WORD } from "../../src/report/print/chart-check.js";
import { accuracyCurves, perClassBars } from "../../src/report/display/charts.js";

const fig = (data: object[], yaxis: Record<string, unknown>) => ({ data, layout: { title: { text: "t" }, yaxis } });

describe("chartAxisProblems", () => {
  it("names bars on an axis that does not start at zero", () => {
    expect(chartAxisProblems(fig([{ type: "bar", name: "ours", y: [90, 92] }], { range: [82, 100] }))).toEqual([
      "t: ours: bars on an axis from 82, not 0",
    ]);
    expect(chartAxisProblems(fig([{ type: "bar", name: "ours", y: [90, 92] }], { range: [0, 100] }))).toEqual([]);
  });

  it("names points and whisker ends outside a fixed axis, unless its title says it is zoomed", () => {
    const shirt = fig([{ type: "scatter", name: "simple_model_2", y: [44.5, 90] }], { range: [50, 100] });
    expect(chartAxisProblems(shirt)).toEqual(["t: simple_model_2: 1 point(s) outside the axis [50, 100], unsaid"]);
    const whisker = fig([{ type: "scatter", name: "ours", y: [90], error_y: { array: [11], arrayminus: [1] } }], {
      range: [80, 100],
    });
    expect(chartAxisProblems(whisker)).toHaveLength(1);
    const zoomed = fig([{ name: "dev", y: [10, 90] }], { range: [80, 100], title: { text: `accuracy, ${ZOOM_WORD}` } });
    expect(chartAxisProblems(zoomed)).toEqual([]);
    // an axis Plotly sizes itself hides nothing
    expect(chartAxisProblems(fig([{ name: "dev", y: [10, 90] }], {}))).toEqual([]);
  });

  it("passes the report's own chart makers", () => {
    const run = {
      name: "r",
      dir: "/nowhere",
      config: { model: "resnet" },
      metrics: [
        { kind: "dev", step: 250, accuracy: 0.1, perClass: [] },
        { kind: "dev", step: 3000, accuracy: 0.9, perClass: [] },
      ],
      done: { best: { step: 3000, accuracy: 0.9, perClass: [0.445, ...new Array(9).fill(0.9)] } },
    } as never;
    for (const bundle of [accuracyCurves([run], () => "resnet", { title: "t" }), perClassBars([run], () => "r", "t")])
      expect(chartAxisProblems(bundle["application/vnd.plotly.v1+json"] as never)).toEqual([]);
  });
});

describe("every chart stored in the notebooks", () => {
  const dir = "notebooks";
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ipynb"))) {
    it(`${file}: hides nothing`, () => {
      const nb = JSON.parse(readFileSync(join(dir, file), "utf8")) as {
        cells: { outputs?: { data?: Record<string, unknown> }[] }[];
      };
      const figures = nb.cells.flatMap((c) =>
        (c.outputs ?? []).flatMap((o) =>
          o.data?.["application/vnd.plotly.v1+json"] ? [o.data["application/vnd.plotly.v1+json"]] : [],
        ),
      );
      expect(figures.flatMap((f) => chartAxisProblems(f as never))).toEqual([]);
    });
  }
});
