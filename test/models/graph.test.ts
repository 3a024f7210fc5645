import { describe, expect, it } from "vitest";
import { MODEL_NAMES } from "../../src/config.js";
import { BLOCKS, buildBlockModel, buildModel, type BlockName } from "../../src/models/architectures.js";
import { collapseBlocks, graphForm, modelGraph, type GraphNode } from "../../src/models/graph.js";
import { initBackend } from "../../src/runtime/backend.js";

await initBackend();

function graphOf(build: () => ReturnType<typeof buildModel>): GraphNode[] {
  const m = build();
  try {
    return modelGraph(m);
  } finally {
    m.dispose();
  }
}

describe("modelGraph", () => {
  it("merges each conv and FC with its batch norm and ReLU, and keeps every layer otherwise", () => {
    const nodes = graphOf(() => buildModel("simple_model_1"));
    expect(nodes.map((n) => `${n.label} ${n.shape}`)).toEqual([
      "input 28×28×1",
      "conv 3×3, 8 · BN · ReLU 26×26×8",
      "conv 3×3, 16 · BN · ReLU 24×24×16",
      "maxpool 2×2/2 12×12×16",
      "conv 3×3, 32 · BN · ReLU 10×10×32",
      "maxpool 2×2/2 5×5×32",
      "conv 2×2, 32 · BN · ReLU 5×5×32",
      "flatten 800",
      "dropout 0.5 800",
      "FC 128 · BN · ReLU 128",
      "dropout 0.5 128",
      "FC 10 · BN 10",
    ]);
    nodes.slice(1).forEach((n, i) => expect(n.inputs).toEqual([nodes[i].id]));
  });

  it("draws a residual add with no ReLU after it, and the Inception-ResNet's linear 1×1 with its bias", () => {
    const identity = graphOf(() => buildBlockModel("ResNet identity block"));
    expect(identity.at(-1)!.label).toBe("add");
    expect(identity.at(-1)!.inputs).toContain(identity[0].id); // the input, added back
    const ir = graphOf(() => buildBlockModel("Inception-ResNet block"));
    expect(ir.map((n) => n.label)).toContain("conv 1×1, 32 + bias");
  });
});

describe("collapseBlocks", () => {
  const forms = (Object.keys(BLOCKS) as BlockName[]).map(
    (b) => [b, graphForm(graphOf(() => buildBlockModel(b)).slice(1))] as const,
  );
  const name = (inside: GraphNode[]) => forms.find(([, f]) => f === graphForm(inside))?.[0] ?? null;

  it("turns each model into a chain of stages, every block recognised as the original's", () => {
    const stages = Object.fromEntries(
      MODEL_NAMES.map((m) => [
        m,
        collapseBlocks(
          graphOf(() => buildModel(m)),
          name,
        ).map((n) => n.label),
      ]),
    );
    expect(stages.inception.filter((l) => !/ · |input|pool|flatten|dropout/.test(l))).toEqual([
      "Inception-A",
      "Reduction-A",
      "Reduction-A",
    ]);
    expect(stages.resnet.filter((l) => l.startsWith("ResNet"))).toEqual([
      "ResNet conv block",
      "ResNet identity block",
      "ResNet identity block",
      "ResNet conv block",
      "ResNet identity block",
      "ResNet identity block",
    ]);
    expect(stages.inception_resnet.filter((l) => /Inception-ResNet|Reduction/.test(l))).toEqual([
      "Inception-ResNet block",
      "Inception-ResNet block",
      "Reduction-A",
      "Inception-ResNet block",
      "Inception-ResNet block",
      "Reduction-A",
    ]);
    // the simple models have no blocks: nothing collapsed
    expect(stages.simple_model_2.some((l) => l.startsWith("block"))).toBe(false);
  });

  it("names an unknown branching block by its size", () => {
    const nodes = graphOf(() => buildBlockModel("ResNet conv block"));
    const collapsed = collapseBlocks(nodes, () => null);
    expect(collapsed.map((n) => n.label)).toEqual(["input", `block of ${nodes.length - 1} layers`]);
  });
});
