/**
 * A model's layer graph as a reader wants to see it: each conv (or FC) with the batch norm and
 * ReLU that follow it merged into one node ("conv 3×3/2, 64 · BN · ReLU"), other layers as they
 * are, each with its output shape and its inputs. Read from the built model itself, so a diagram
 * drawn from it cannot drift from the code.
 */
import type * as tf from "@tensorflow/tfjs";

export interface GraphNode {
  /** the first layer's name */
  id: string;
  /** what it computes, e.g. "conv 3×3, 64 · BN · ReLU", "add", "maxpool 3×3/2" */
  label: string;
  /** the output shape without the batch, e.g. "24×24×64" */
  shape: string;
  /** the kind, for colouring: conv, dense, pool, merge, input, other */
  kind: "input" | "conv" | "dense" | "pool" | "merge" | "other";
  /** ids of the nodes it reads */
  inputs: string[];
}

type Config = Record<string, unknown>;

function pair(v: unknown): string {
  const [a, b] = Array.isArray(v) ? v : [v, v];
  return a === b ? `${a}×${a}` : `${a}×${b}`;
}

function strideText(v: unknown): string {
  const s = Array.isArray(v) ? v[0] : v;
  return s && s !== 1 ? `/${s}` : "";
}

function describe(layer: tf.layers.Layer): Pick<GraphNode, "label" | "kind"> {
  const c = layer.getConfig() as Config;
  switch (layer.getClassName()) {
    case "InputLayer":
      return { label: "input", kind: "input" };
    case "Conv2D":
      return {
        label: `conv ${pair(c.kernelSize)}${strideText(c.strides)}, ${c.filters}${c.useBias ? " + bias" : ""}`,
        kind: "conv",
      };
    case "Dense":
      return { label: `FC ${c.units}`, kind: "dense" };
    case "MaxPooling2D":
      return { label: `maxpool ${pair(c.poolSize)}${strideText(c.strides)}`, kind: "pool" };
    case "AveragePooling2D":
      return { label: `avgpool ${pair(c.poolSize)}${strideText(c.strides)}`, kind: "pool" };
    case "Concatenate":
      return { label: "concat", kind: "merge" };
    case "Add":
      return { label: "add", kind: "merge" };
    case "Dropout":
      return { label: `dropout ${c.rate}`, kind: "other" };
    default:
      return { label: layer.getClassName().toLowerCase(), kind: "other" };
  }
}

function shapeText(layer: tf.layers.Layer): string {
  const s = layer.outputShape as (number | null)[];
  return s.slice(1).join("×");
}

/** The model's graph, in the model's (topological) layer order, conv/FC → BN → ReLU merged. */
export function modelGraph(model: tf.LayersModel): GraphNode[] {
  const consumers = new Map<string, tf.layers.Layer[]>();
  for (const layer of model.layers)
    for (const parent of layer.inboundNodes[0]?.inboundLayers ?? [])
      consumers.set(parent.name, [...(consumers.get(parent.name) ?? []), layer]);
  const only = (layer: tf.layers.Layer, className: string) => {
    const next = consumers.get(layer.name) ?? [];
    return next.length === 1 && next[0].getClassName() === className ? next[0] : null;
  };
  // each layer's node: merged layers point at the node of their conv or FC
  const nodeOf = new Map<string, GraphNode>();
  const nodes: GraphNode[] = [];
  for (const layer of model.layers) {
    if (nodeOf.has(layer.name)) continue;
    const { label, kind } = describe(layer);
    const node: GraphNode = {
      id: layer.name,
      label,
      kind,
      shape: shapeText(layer),
      inputs: (layer.inboundNodes[0]?.inboundLayers ?? []).map((p) => nodeOf.get(p.name)!.id),
    };
    nodeOf.set(layer.name, node);
    if (kind === "conv" || kind === "dense") {
      const bn = only(layer, "BatchNormalization");
      if (bn) {
        node.label += " · BN";
        nodeOf.set(bn.name, node);
        const act = only(bn, "ReLU");
        if (act) {
          node.label += " · ReLU";
          nodeOf.set(act.name, node);
        }
        node.shape = shapeText(act ?? bn);
      }
    }
    nodes.push(node);
  }
  return nodes;
}

/**
 * The graph with each branching block collapsed into one node: a block is what lies between
 * two nodes that every path passes through (one input, one output, branches inside). `name`
 * labels a block from its own graph (e.g. by matching a known block); null keeps "block".
 */
export function collapseBlocks(nodes: GraphNode[], name: (inside: GraphNode[]) => string | null): GraphNode[] {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const lastUse = nodes.map(() => -1);
  nodes.forEach((n, i) => n.inputs.forEach((p) => (lastUse[index.get(p)!] = Math.max(lastUse[index.get(p)!], i))));
  // node i is a cut when, after it, no earlier node still feeds a later one
  const cuts: number[] = [];
  let live = new Set<number>();
  nodes.forEach((_, i) => {
    live = new Set([...live, i].filter((j) => lastUse[j] > i || j === i));
    if (live.size === 1) cuts.push(i);
  });
  const out: GraphNode[] = [];
  let previous: GraphNode | null = null;
  for (let c = 0; c < cuts.length; c++) {
    const segment = nodes.slice(c === 0 ? 0 : cuts[c - 1] + 1, cuts[c] + 1);
    const last = segment[segment.length - 1];
    const node: GraphNode =
      segment.length === 1
        ? { ...last, inputs: previous ? [previous.id] : [] }
        : {
            id: last.id,
            label: name(segment) ?? `block of ${segment.length} layers`,
            kind: "merge",
            shape: last.shape,
            inputs: previous ? [previous.id] : [],
          };
    out.push(node);
    previous = node;
  }
  return out;
}

/** A graph's form without its widths, to recognise a block at another width. */
export function graphForm(nodes: GraphNode[]): string {
  return nodes.map((n) => n.label.replace(/, \d+/g, "")).join("|");
}
