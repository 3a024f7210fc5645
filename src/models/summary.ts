/** A model summary as plain data: per layer type, output shape, parameters and multiply-adds. */
import type * as tf from "@tensorflow/tfjs";

export interface LayerSummary {
  name: string;
  type: string;
  outputShape: (number | null)[];
  /** Trainable parameters of this layer. */
  params: number;
  /** Forward multiply-adds per image (convolutions and dense layers; others count 0). */
  macs: number;
}

export interface ModelSummary {
  model: string;
  layers: LayerSummary[];
  totalParams: number;
  totalMacs: number;
  /** Forward MFLOPs per image (2 × multiply-adds / 10⁶). */
  mflops: number;
}

function size(shape: readonly (number | null)[]): number {
  return shape.reduce<number>((a, b) => a * (b ?? 1), 1);
}

function layerMacs(layer: tf.layers.Layer): number {
  const type = layer.getClassName();
  const out = layer.outputShape as (number | null)[];
  if (type === "Conv2D") {
    const [kh, kw, cin, cout] = layer.getWeights()[0].shape as number[];
    return size(out.slice(1, 3)) * kh * kw * cin * cout;
  }
  if (type === "Dense") {
    const [cin, cout] = layer.getWeights()[0].shape as number[];
    return cin * cout;
  }
  return 0;
}

export function summarizeModel(model: tf.LayersModel): ModelSummary {
  const layers = model.layers.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: layer.outputShape as (number | null)[],
    params: layer.trainableWeights.reduce((n, w) => n + size(w.shape), 0),
    macs: layerMacs(layer),
  }));
  const totalMacs = layers.reduce((n, l) => n + l.macs, 0);
  return {
    model: model.name,
    layers,
    totalParams: layers.reduce((n, l) => n + l.params, 0),
    totalMacs,
    mflops: (2 * totalMacs) / 1e6,
  };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The per-layer table as an HTML fragment. */
export function summaryToHtml(s: ModelSummary): string {
  const rows = s.layers
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.name)}</td><td>${l.type}</td><td>[${l.outputShape.map((d) => d ?? "batch").join(", ")}]</td><td style="text-align:right">${l.params.toLocaleString("en-US")}</td><td style="text-align:right">${l.macs.toLocaleString("en-US")}</td></tr>`,
    )
    .join("\n");
  return `<table class="model-summary"><caption>${escapeHtml(s.model)}: ${s.totalParams.toLocaleString("en-US")} trainable parameters, ${s.mflops.toFixed(1)} MFLOPs per image (forward)</caption>
<thead><tr><th>layer</th><th>type</th><th>output shape</th><th>params</th><th>multiply-adds</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}
