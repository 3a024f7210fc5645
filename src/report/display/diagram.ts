/**
 * Diagrams of the architectures, drawn from the built models (models/graph.ts): one per
 * building block (its layers, branches and merge) and one per model (its stages, each block as
 * one box named after the block it is). SVG, shown in the notebook and in both outputs.
 */
import { BLOCKS, buildBlockModel, buildModel, type BlockName } from "../../models/architectures.js";
import { collapseBlocks, graphForm, modelGraph, type GraphNode } from "../../models/graph.js";
import type { ModelName } from "../../config.js";
import { escapeHtml, type MimeBundle } from "./display.js";

const BOX = { width: 200, height: 32, gapX: 18, gapY: 22, margin: 12, lane: 9 };
const FILL: Record<GraphNode["kind"], string> = {
  input: "#eeeeee",
  conv: "#dbe8f6",
  dense: "#e4dcf3",
  pool: "#fbe7cf",
  merge: "#d9f0dc",
  other: "#f3f3f3",
};

interface Placed extends GraphNode {
  x: number;
  y: number;
}

/**
 * Rows by depth (longest path from the input), each row ordered under its inputs, with room on
 * the right for one lane per skip edge (an edge over more than one row).
 */
function layout(nodes: GraphNode[]): { placed: Placed[]; width: number; height: number; right: number } {
  const depth = new Map<string, number>();
  for (const n of nodes) depth.set(n.id, n.inputs.length ? Math.max(...n.inputs.map((p) => depth.get(p)!)) + 1 : 0);
  const lanes = nodes.reduce((k, n) => k + n.inputs.filter((p) => depth.get(n.id)! - depth.get(p)! > 1).length, 0);
  const rows: GraphNode[][] = [];
  for (const n of nodes) (rows[depth.get(n.id)!] ??= []).push(n);
  const widest = Math.max(...rows.map((r) => r.length));
  const boxesWidth = widest * BOX.width + (widest - 1) * BOX.gapX;
  const width = boxesWidth + 2 * BOX.margin + 2 * lanes * BOX.lane;
  const x = new Map<string, number>();
  const placed: Placed[] = [];
  rows.forEach((row, r) => {
    const under = (n: GraphNode) =>
      n.inputs.length ? n.inputs.reduce((s, p) => s + x.get(p)!, 0) / n.inputs.length : 0;
    const ordered = [...row].sort((a, b) => under(a) - under(b));
    const rowWidth = ordered.length * BOX.width + (ordered.length - 1) * BOX.gapX;
    ordered.forEach((n, i) => {
      const left = BOX.margin + lanes * BOX.lane + (boxesWidth - rowWidth) / 2 + i * (BOX.width + BOX.gapX);
      x.set(n.id, left + BOX.width / 2);
      placed.push({ ...n, x: left, y: BOX.margin + r * (BOX.height + BOX.gapY) });
    });
  });
  const right = BOX.margin + lanes * BOX.lane + boxesWidth;
  return { placed, width, right, height: 2 * BOX.margin + rows.length * BOX.height + (rows.length - 1) * BOX.gapY };
}

/** The SVG of a graph: boxes with what each computes and its output shape, arrows between. */
export function graphSvg(nodes: GraphNode[], title: string): string {
  const { placed, width, height, right } = layout(nodes);
  const at = new Map(placed.map((p) => [p.id, p]));
  let lane = 0;
  const edges = placed.flatMap((n) =>
    n.inputs.map((id) => {
      const p = at.get(id)!;
      const [x1, y1, x2, y2] = [p.x + BOX.width / 2, p.y + BOX.height, n.x + BOX.width / 2, n.y];
      if (n.y - p.y <= BOX.height + BOX.gapY) {
        const my = (y1 + y2) / 2;
        return `<path d="M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${y2}" class="e"/>`;
      }
      // a skip over rows runs down a lane of its own on the right, clear of the boxes between
      const side = right + BOX.lane * ++lane;
      return `<path d="M${p.x + BOX.width},${p.y + BOX.height / 2} H${side} V${n.y + BOX.height / 2} H${n.x + BOX.width}" class="e"/>`;
    }),
  );
  const boxes = placed.map(
    (n) =>
      `<g><rect x="${n.x}" y="${n.y}" width="${BOX.width}" height="${BOX.height}" rx="4" fill="${FILL[n.kind]}" stroke="#888"/>` +
      `<text x="${n.x + BOX.width / 2}" y="${n.y + 13}" class="l">${escapeHtml(n.label)}</text>` +
      `<text x="${n.x + BOX.width / 2}" y="${n.y + 26}" class="s">${escapeHtml(n.shape)}</text></g>`,
  );
  return (
    // scales down to a narrower page (print), never up
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="max-width:100%;height:auto" role="img" aria-label="${escapeHtml(title)}">` +
    `<title>${escapeHtml(title)}</title>` +
    `<defs><marker id="a" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#666"/></marker></defs>` +
    `<style>.e{fill:none;stroke:#666;stroke-width:1.2;marker-end:url(#a)}.l{font:11px sans-serif;text-anchor:middle;fill:#111}.s{font:10px sans-serif;text-anchor:middle;fill:#555}</style>` +
    edges.join("") +
    boxes.join("") +
    `</svg>`
  );
}

/** The graph of one building block, without its input placeholder's box drawn apart. */
export function blockGraph(name: BlockName): GraphNode[] {
  const model = buildBlockModel(name);
  try {
    return modelGraph(model);
  } finally {
    model.dispose();
  }
}

/** Names a collapsed block after the building block it is (same layers, any width). */
function blockNamer(): (inside: GraphNode[]) => string | null {
  const forms = (Object.keys(BLOCKS) as BlockName[]).map((b) => [b, graphForm(blockGraph(b).slice(1))] as const);
  return (inside) => forms.find(([, form]) => form === graphForm(inside))?.[0] ?? null;
}

/** The stages of a model, each building block one box. */
export function modelStages(name: ModelName): GraphNode[] {
  const model = buildModel(name);
  try {
    return collapseBlocks(modelGraph(model), blockNamer());
  } finally {
    model.dispose();
  }
}

function svgBundle(svg: string, text: string): MimeBundle {
  return { "image/svg+xml": svg, "text/plain": text };
}

export function blockDiagram(name: BlockName): MimeBundle {
  const nodes = blockGraph(name);
  return svgBundle(graphSvg(nodes, name), `${name}: ${nodes.length - 1} layers (${BLOCKS[name].model})`);
}

export function modelDiagram(name: ModelName): MimeBundle {
  const nodes = modelStages(name);
  return svgBundle(graphSvg(nodes, name), `${name}: ${nodes.map((n) => n.label).join(" → ")}`);
}

/** What a block's diagram shows, in words, for its caption: the block, its model, its layers and shapes. */
export function blockCaption(name: BlockName): string {
  const nodes = blockGraph(name);
  const [input, output] = [nodes[0], nodes[nodes.length - 1]];
  return `${name}, a building block of ${BLOCKS[name].model}, drawn for a ${input.shape} input: ${nodes.length - 1} layers; output ${output.shape}.`;
}

/** What a model's diagram shows, in words, for its caption: its stages and the building blocks among them. */
export function modelCaption(name: ModelName): string {
  const stages = modelStages(name);
  const blocks = new Map<string, number>();
  for (const s of stages) if (s.label in BLOCKS) blocks.set(s.label, (blocks.get(s.label) ?? 0) + 1);
  const made = [...blocks].map(([b, k]) => (k > 1 ? `${k} × ${b}` : b)).join(", ");
  return `${name}: ${stages.length - 1} stages from the ${stages[0].shape} input to the ${stages[stages.length - 1].shape} logits; ${made ? `building blocks: ${made}` : "no building blocks: plain layers only"}.`;
}
