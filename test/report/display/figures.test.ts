import { describe, expect, it } from "vitest";
import { MODEL_NAMES, ORIGINAL_MODELS } from "../../../src/config.js";
import { IMAGE_STRIP_CLASS } from "../../../src/report/display/display.js";
import { imageStrip, layerTable, wrapLine } from "../../../src/report/display/figures.js";
import { initBackend } from "../../../src/runtime/backend.js";

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

describe("imageStrip", () => {
  it("labels each image in HTML and gives the caption apart (the printed copy is drawn from the HTML)", () => {
    const items = Array.from({ length: 3 }, (_, k) => ({
      image: new Float32Array(784).fill(k / 3),
      label: `#${k} a → b`,
    }));
    const { figure, caption } = imageStrip(items, "three images", 2);
    expect(caption).toBe("three images");
    const html = String(figure["text/html"]);
    expect(html.startsWith(`<div class="${IMAGE_STRIP_CLASS}">`)).toBe(true);
    expect(html.match(/<figcaption[^>]*>#\d a → b<\/figcaption>/g)).toHaveLength(3);
    expect(figure["image/png"]).toBeUndefined();
    expect(figure["text/plain"]).toBe("#0 a → b, #1 a → b, #2 a → b");
  });
});
