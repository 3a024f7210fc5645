import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PNG } from "pngjs";
import { figureBundle } from "../../../src/report/display/charts.js";
import { ChartLayoutError, rasterizeCharts } from "../../../src/report/print/rasterize.js";
import { blockDiagram } from "../../../src/report/display/diagram.js";
import { imageStrip } from "../../../src/report/display/figures.js";
import { initBackend } from "../../../src/runtime/backend.js";
import { tmpDir } from "../../helpers/fixtures.js";

await initBackend();

describe("chart rasterization", () => {
  it("adds a drawn PNG to chart outputs once, and leaves other outputs alone", async () => {
    const chart = figureBundle(
      { data: [{ type: "bar", x: ["a", "b"], y: [1, 3] }], layout: { title: { text: "t" }, height: 300 } },
      "a chart",
    );
    const nb = {
      cells: [
        {
          cell_type: "code",
          outputs: [
            { output_type: "display_data", data: chart, metadata: {} },
            { output_type: "stream", name: "stdout", text: "hi" },
          ],
        },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    const path = join(tmpDir(), "nb.ipynb");
    writeFileSync(path, JSON.stringify(nb));
    expect(await rasterizeCharts([path])).toBe(1);
    const out = JSON.parse(readFileSync(path, "utf8")).cells[0].outputs;
    const png = PNG.sync.read(Buffer.from(out[0].data["image/png"], "base64"));
    expect([png.width, png.height]).toEqual([800, 300]);
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4)
      colours.add((png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2]);
    expect(colours.size).toBeGreaterThan(5); // bars and text, not a blank image
    expect(out[1]).toEqual({ output_type: "stream", name: "stdout", text: "hi" });
    expect(await rasterizeCharts([path])).toBe(0);
  }, 60_000);

  it("adds a drawn PNG to an SVG diagram, at twice its size", async () => {
    const diagram = blockDiagram("ResNet identity block");
    const path = join(tmpDir(), "nb.ipynb");
    const nb = {
      cells: [{ cell_type: "code", outputs: [{ output_type: "display_data", data: diagram, metadata: {} }] }],
    };
    writeFileSync(path, JSON.stringify({ ...nb, metadata: {}, nbformat: 4, nbformat_minor: 5 }));
    expect(await rasterizeCharts([path])).toBe(1);
    const data = JSON.parse(readFileSync(path, "utf8")).cells[0].outputs[0].data;
    const png = PNG.sync.read(Buffer.from(data["image/png"], "base64"));
    const width = Number(/width="(\d+)"/.exec(String(diagram["image/svg+xml"]))![1]);
    expect(png.width).toBe(2 * width);
    expect(data["image/svg+xml"]).toBe(diagram["image/svg+xml"]);
  });

  it("draws a row of labelled images from its HTML, labels included", async () => {
    const items = Array.from({ length: 12 }, (_, k) => ({
      image: new Float32Array(784).fill(0.4 + k / 60),
      label: `#${k} Shirt → Coat`,
    }));
    const { figure } = imageStrip(items, "a strip", 2);
    const path = join(tmpDir(), "nb.ipynb");
    // as a notebook file keeps it: text as a list of lines
    const lines = String(figure["text/html"])
      .replace(/<\/figure>/g, "</figure>\n")
      .split(/(?<=\n)/);
    const nb = {
      cells: [
        {
          cell_type: "code",
          outputs: [{ output_type: "display_data", data: { ...figure, "text/html": lines }, metadata: {} }],
        },
      ],
    };
    writeFileSync(path, JSON.stringify({ ...nb, metadata: {}, nbformat: 4, nbformat_minor: 5 }));
    expect(await rasterizeCharts([path])).toBe(1);
    const data = JSON.parse(readFileSync(path, "utf8")).cells[0].outputs[0].data;
    const png = PNG.sync.read(Buffer.from(data["image/png"], "base64"));
    // twelve 56-pixel images with labels wrap onto more than one row of the 800-pixel page, at twice the size
    expect(png.width).toBeLessThanOrEqual(2 * 800);
    expect(png.height).toBeGreaterThan(2 * 2 * 56);
    // dark label text below the first image: pure black pixels (the images are mid-grey)
    let black = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i] < 40 && png.data[i + 1] < 40) black++;
    expect(black).toBeGreaterThan(200);
    expect(data["text/html"]).toEqual(lines);
    expect(await rasterizeCharts([path])).toBe(0);
  }, 60_000);

  it("refuses a chart whose legend would cover its labels in the static copy, naming the notebook", async () => {
    const covered = figureBundle(
      {
        data: [
          { type: "bar", name: "ours", x: ["simple_model_1", "inception_resnet"], y: [85, 91] },
          { type: "bar", name: "original", x: ["simple_model_1", "inception_resnet"], y: [92, 95] },
        ],
        layout: { height: 400, legend: { orientation: "h", x: 0, y: -0.02, yanchor: "top" } },
      },
      "a chart with its legend on its labels",
    );
    const path = join(tmpDir(), "bad.ipynb");
    const nb = {
      cells: [{ cell_type: "code", outputs: [{ output_type: "display_data", data: covered, metadata: {} }] }],
    };
    writeFileSync(path, JSON.stringify({ ...nb, metadata: {}, nbformat: 4, nbformat_minor: 5 }));
    const failure = rasterizeCharts([path]);
    await expect(failure).rejects.toThrow(ChartLayoutError);
    await expect(rasterizeCharts([path])).rejects.toThrow(
      `report: ${path}: a chart's static copy would show a chart with its legend on its labels: the legend covers the label "simple_model_1"`,
    );
  }, 60_000);
});
