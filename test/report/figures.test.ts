import { describe, expect, it } from "vitest";
import { MODEL_NAMES, ORIGINAL_MODELS } from "../../src/config.js";
import { imageGrid, layerTable, wrapLine } from "../../src/report/figures.js";
import { initBackend } from "../../src/runtime/backend.js";

await initBackend();

describe("layerTable", () => {
  it("folds each model's layer table under a line with its layer count, parameters and MFLOPs", () => {
    for (const model of MODEL_NAMES) {
      const t = layerTable(model);
      const html = String(t["text/html"]);
      expect(html).toMatch(new RegExp(`^<details class="layer-table"><summary>${model}: \\d+ layers, `));
      const layers = Number(/: (\d+) layers/.exec(t["text/plain"])![1]);
      expect(html.match(/<tr><td>/g)?.length, model).toBe(layers);
      const original = ORIGINAL_MODELS[model]?.params;
      if (original) expect(t["text/plain"]).toContain(`${original.toLocaleString("en-US")} trainable parameters`);
      expect(html.trimEnd().endsWith("</details>")).toBe(true);
    }
  });
});

describe("wrapLine", () => {
  it("joins items on lines that fit a printed page, never splitting an item", () => {
    const labels = [
      "0 T-shirt/top",
      "1 Trouser",
      "2 Pullover",
      "3 Dress",
      "4 Coat",
      "5 Sandal",
      "6 Shirt",
      "7 Sneaker",
      "8 Bag",
      "9 Ankle boot",
    ];
    const text = wrapLine(labels);
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(72);
    expect(text.replace(/\n/g, " ")).toBe(labels.join(", "));
    expect(wrapLine(["x".repeat(80), "y"])).toBe(`${"x".repeat(80)},\ny`);
  });
});

describe("imageGrid", () => {
  it("lays 28×28 images in rows of ten on white, two pixels apart", () => {
    const images = Array.from({ length: 12 }, (_, k) => new Float32Array(784).fill(k / 100));
    const [grid, width, height] = imageGrid(images);
    expect([width, height]).toEqual([10 * 30 - 2, 2 * 30 - 2]);
    expect(grid[0]).toBeCloseTo(0); // image 0
    expect(grid[28]).toBe(1); // the gap after it
    expect(grid[30]).toBeCloseTo(0.01); // image 1
    expect(grid[30 * width + 30]).toBeCloseTo(0.11); // image 11: second row, second column
    expect(grid[30 * width + 60]).toBe(1); // no image 12: white
    expect(imageGrid(images.slice(0, 3)).slice(1)).toEqual([88, 28]);
  });
});
