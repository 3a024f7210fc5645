/** The report's data and model figures: examples, split counts, previews, model tables. */
import * as tf from "@tensorflow/tfjs";
import { AUGMENT_OPS } from "../../augment/registry.js";
import {
  AUGMENT,
  CLASS_NAMES,
  IMAGE_PIXELS,
  MODEL_NAMES,
  ORIGINAL_MODELS,
  originalDecaySteps,
  SCHEDULE,
  SPLIT,
} from "../../config.js";
import { previewPng, studyPreviewGrid } from "../../augment/preview.js";
import type { LabelledImages } from "../../data/dataset.js";
import { examplesOfClasses } from "../../data/examples.js";
import { classCounts, originalSplit } from "../../data/split.js";
import { frameWithImage, grayToRgba } from "../../demo/frames.js";
import { centredSquare, preprocessFrame } from "../../demo/preprocess.js";
import { buildModel } from "../../models/architectures.js";
import { summarizeModel, summaryToHtml } from "../../models/summary.js";
import { encodeGrayPng } from "../../util/png.js";
import { learningRateAt } from "../../train/schedule.js";
import { escapeHtml, IMAGE_STRIP_CLASS, type CaptionedFigure, type MimeBundle } from "./display.js";
import { table } from "./tables.js";

/** A PNG and its caption; `style` is the image's CSS (by default, pixels kept sharp when scaled). */
export function pngFigure(png: Uint8Array, caption: string, style = "image-rendering:pixelated"): CaptionedFigure {
  const b64 = Buffer.from(png).toString("base64");
  return {
    figure: {
      "image/png": b64,
      "text/html": `<img alt="${escapeHtml(caption)}" src="data:image/png;base64,${b64}" style="${style}">`,
      "text/plain": caption,
    },
    caption,
  };
}

/**
 * Images side by side with a label under each, e.g. one per class, and the figure's caption.
 * HTML only: its printed copy (image/png, for Quarto's PDF) is this HTML drawn by headless
 * Chromium, labels included (rasterize.ts).
 */
export function imageStrip(
  items: { image: Float32Array; label: string }[],
  caption: string,
  scale = 3,
): CaptionedFigure {
  const cells = items.map(({ image, label }) => {
    const b64 = encodeGrayPng(image, 28, 28, scale).toString("base64");
    return `<figure style="display:inline-block;margin:4px;text-align:center"><img alt="${escapeHtml(label)}" src="data:image/png;base64,${b64}"><figcaption style="font-size:11px">${escapeHtml(label)}</figcaption></figure>`;
  });
  return {
    figure: {
      "text/html": `<div class="${IMAGE_STRIP_CLASS}">${cells.join("")}</div>`,
      "text/plain": wrapLine(items.map((i) => i.label)),
    },
    caption,
  };
}

/** Printed text wider than this many characters would run past a printed page's margin. */
const PRINTED_LINE = 72;

/** Items joined by ", " on lines of at most PRINTED_LINE characters (a longer item keeps its own line). */
export function wrapLine(items: string[]): string {
  const lines: string[] = [];
  for (const item of items) {
    const last = lines.length - 1;
    // (+ 1: the comma that ends a line that is followed by another)
    if (last >= 0 && lines[last].length + 2 + item.length + 1 <= PRINTED_LINE) lines[last] += `, ${item}`;
    else lines.push(item);
  }
  return lines.join(",\n");
}

export function classExamples(train: LabelledImages): CaptionedFigure {
  return imageStrip(
    examplesOfClasses(train, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).map((e) => ({
      image: e.image,
      label: `${e.label} ${CLASS_NAMES[e.label]}`,
    })),
    "One training image of each class, with its label (class index and name).",
  );
}

export function splitTable(train: LabelledImages, test: LabelledImages): MimeBundle {
  const split = originalSplit(train.labels, SPLIT.devPerClass);
  const t = classCounts(train.labels, split.train);
  const d = classCounts(train.labels, split.heldOut);
  const s = classCounts(test.labels);
  const rows = CLASS_NAMES.map((name, c) => [`${c} ${name}`, t[c], d[c], s[c]]);
  rows.push(["all", split.train.length, split.heldOut.length, test.count]);
  return table(
    ["class", "train", "dev", "test"],
    rows,
    `The split, drawn as the original drew it (numpy seed ${SPLIT.numpySeed}): ${SPLIT.devPerClass} dev images per class`,
  );
}

/** The augmentation preview grid (PNG) with its row labels. */
export function augmentationPreview(train: LabelledImages, seed: number): CaptionedFigure {
  const grid = studyPreviewGrid(train, seed);
  return pngFigure(
    previewPng(grid, 3),
    `Rows, top to bottom: ${grid.rows.join(", ")} (combined = all five at once). First column: the original; the others: independent draws.`,
  );
}

export function augmentationParameters(): MimeBundle {
  return table(
    ["operation", "parameters"],
    AUGMENT.ops.map((op) => [op, AUGMENT_OPS[op].description]),
    `Each operation applies independently with probability augmentProb (default ${AUGMENT.defaultProb})`,
  );
}

export function modelsTable(): MimeBundle {
  const rows = MODEL_NAMES.map((name) => {
    const m = buildModel(name);
    const s = summarizeModel(m);
    m.dispose();
    const original = ORIGINAL_MODELS[name]?.params ?? null;
    return [
      name,
      s.totalParams,
      original,
      original ? `${((s.totalParams / original - 1) * 100).toFixed(2)}%` : "–",
      Number(s.mflops.toFixed(1)),
    ];
  });
  return table(
    ["model", "trainable parameters", "original", "difference", "forward MFLOPs / image"],
    rows,
    "The five architectures",
  );
}

/** A model's layers (output shape, parameters, multiply-adds), folded under a one-line summary. */
export function layerTable(name: string): MimeBundle {
  const m = buildModel(name);
  const s = summarizeModel(m);
  m.dispose();
  const line = `${name}: ${s.layers.length} layers, ${s.totalParams.toLocaleString("en-US")} trainable parameters, ${s.mflops.toFixed(1)} MFLOPs per image`;
  return {
    "text/html": `<details class="layer-table"><summary>${escapeHtml(line)}</summary>\n${summaryToHtml(s)}\n</details>`,
    "text/plain": line,
  };
}

export function scheduleTable(): MimeBundle {
  const steps = [0, 9_999, 10_000, 50_000, 100_000, 250_000];
  return table(
    ["step", "learning rate"],
    steps.map((s) => [s, learningRateAt(s).toExponential(3)]),
    `Adam, ${SCHEDULE.initialLearningRate} × ${SCHEDULE.decayRate}^floor(step / ${SCHEDULE.decaySteps}) (simple_model_1: every ${originalDecaySteps("simple_model_1").toLocaleString("en-US")} steps)`,
  );
}

/** The first misclassified test images, each labelled with its index, true and predicted class. */
export function misclassifiedGallery(test: LabelledImages, predictions: Int32Array, limit = 40): CaptionedFigure {
  const items: { image: Float32Array; label: string }[] = [];
  for (let i = 0; i < test.count && items.length < limit; i++) {
    if (predictions[i] !== test.labels[i]) {
      items.push({
        image: test.images.slice(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS),
        label: `#${i} ${CLASS_NAMES[test.labels[i]]} → ${CLASS_NAMES[predictions[i]]}`,
      });
    }
  }
  return imageStrip(
    items,
    `The first ${items.length} misclassified test images in file order, each labelled "#index true class → predicted class".`,
    2,
  );
}

/**
 * What the demo does to a camera frame, shown on a test image held as a dark print on light
 * paper: the frame with its blue-square region, and the 28×28 image the model receives.
 */
export function demoPreprocessingFigure(image: Float32Array): { figure: CaptionedFigure; modelInput: Float32Array } {
  const W = 160;
  const H = 120;
  const frameScale = 2; // the frame drawn at 320×240, the model's input at 224×224
  const inputScale = 8;
  const rect = centredSquare(W, H);
  // a dark garment on a light background, as a phone photo of a print would be
  const frame = frameWithImage(
    W,
    H,
    image.map((v) => 1 - 0.8 * v),
    rect,
    1,
  );
  const { pixels, inverted } = preprocessFrame(grayToRgba(frame), W, H, rect);
  const strip = [
    `<figure style="display:inline-block;vertical-align:top;margin:4px;width:${frameScale * W}px"><img alt="camera frame" src="data:image/png;base64,${encodeGrayPng(frame, W, H, frameScale).toString("base64")}"><figcaption>camera frame (the square is framed in blue on the page)</figcaption></figure>`,
    `<figure style="display:inline-block;vertical-align:top;margin:4px;width:${inputScale * 28}px"><img alt="model input" style="image-rendering:pixelated" src="data:image/png;base64,${encodeGrayPng(pixels, 28, 28, inputScale).toString("base64")}"><figcaption>what the model sees (${inverted ? "inverted: light background" : "not inverted"}, 28×28)</figcaption></figure>`,
  ];
  return {
    figure: {
      figure: {
        "text/html": `<div class="${IMAGE_STRIP_CLASS}">${strip.join("")}</div>`,
        "text/plain": `demo preprocessing: frame ${W}×${H} → 28×28 (${inverted ? "inverted" : "not inverted"})`,
      },
      caption: `What the demo does to a camera frame: a test image held as a dark print on light paper, the square inside the frame that the model reads, and the 28×28 image it receives (${inverted ? "inverted, since the background is light" : "not inverted"}).`,
    },
    modelInput: pixels,
  };
}

/** A 28×28 image as the model's input tensor [1, 28, 28, 1]. */
export function tensorOf(pixels: Float32Array): tf.Tensor4D {
  return tf.tensor4d(pixels, [1, 28, 28, 1]);
}
