import { describe, expect, it } from "vitest";
import { MODEL_NAMES } from "../../../src/config.js";
import { BLOCKS, type BlockName } from "../../../src/models/architectures.js";
import {
  blockCaption,
  blockDiagram,
  blockGraph,
  graphSvg,
  modelCaption,
  modelDiagram,
  modelStages,
} from "../../../src/report/display/diagram.js";
import { initBackend } from "../../../src/runtime/backend.js";

await initBackend();

const boxes = (svg: string) => (svg.match(/<rect /g) ?? []).length;
const arrows = (svg: string) => (svg.match(/class="e"/g) ?? []).length;

describe("architecture diagrams", () => {
  it("draws every building block: a box per layer, an arrow per input, labels escaped", () => {
    for (const name of Object.keys(BLOCKS) as BlockName[]) {
      const nodes = blockGraph(name);
      const svg = blockDiagram(name)["image/svg+xml"] as string;
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), name).toBe(true);
      expect(boxes(svg), name).toBe(nodes.length);
      expect(arrows(svg), name).toBe(nodes.reduce((k, n) => k + n.inputs.length, 0));
      expect(svg).toContain(`<title>${name}</title>`);
    }
    expect(graphSvg([{ id: "a", label: "x < y & z", shape: "1", kind: "other", inputs: [] }], "t")).toContain(
      "x &lt; y &amp; z",
    );
  });

  it("draws every model as its chain of stages", () => {
    for (const m of MODEL_NAMES) {
      const stages = modelStages(m);
      const bundle = modelDiagram(m);
      expect(boxes(bundle["image/svg+xml"] as string), m).toBe(stages.length);
      expect(bundle["text/plain"]).toBe(`${m}: ${stages.map((s) => s.label).join(" → ")}`);
    }
  });

  it("keeps skip connections clear of the boxes: one lane each, right of every box", () => {
    const svg = blockDiagram("Inception-ResNet block")["image/svg+xml"] as string;
    const rightmost = Math.max(
      ...[...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="(\d+)"/g)].map((m) => Number(m[1]) + Number(m[2])),
    );
    const lanes = [...svg.matchAll(/ H([\d.]+) V/g)].map((m) => Number(m[1]));
    expect(lanes.length).toBeGreaterThan(1);
    expect(new Set(lanes).size).toBe(lanes.length);
    for (const x of lanes) expect(x).toBeGreaterThan(rightmost);
  });
});

describe("diagram captions", () => {
  it("name each block, its model, its input, layers and output, as the graph has them", () => {
    const nodes = blockGraph("Reduction-A");
    expect(blockCaption("Reduction-A")).toBe(
      `Reduction-A, a building block of inception, drawn for a ${nodes[0].shape} input: ${nodes.length - 1} layers; output ${nodes[nodes.length - 1].shape}.`,
    );
    expect(blockCaption("Reduction-A")).toContain("output 12×12×128");
  });

  it("name each model's stages and the building blocks among them, counted", () => {
    expect(modelCaption("resnet")).toContain("building blocks: 2 × ResNet conv block, 4 × ResNet identity block.");
    expect(modelCaption("simple_model_1")).toMatch(
      /^simple_model_1: \d+ stages from the 28×28×1 input to the 10 logits; no building blocks/,
    );
    for (const m of MODEL_NAMES) expect(modelCaption(m)).toContain(`${modelStages(m).length - 1} stages`);
  });
});
