/**
 * The augmentation preview grid: one row per transform plus a "combined" row; in each row the
 * first column is the original image and the others are independent draws of the transform.
 */
import { AUGMENT, IMAGE_PIXELS, IMAGE_SIZE, type AugmentOp } from "../config.js";
import { encodeGrayPng } from "../util/png.js";
import { Rng } from "../util/random.js";
import { applyOp } from "./pipeline.js";
import type { LabelledImages } from "../data/dataset.js";
import { examplesOfClasses, mostAsymmetricOfClass } from "../data/examples.js";

export interface PreviewGrid {
  /** Row labels, top to bottom. */
  rows: string[];
  columns: number;
  /** The whole grid as one grayscale image (gaps are mid-grey). */
  pixels: Float32Array;
  width: number;
  height: number;
}

const GAP = 2;

/**
 * Lays out the grid. `examples` gives one image (784 floats) and label per row, cycled if
 * there are fewer examples than rows. The combined row applies every op (probability 1).
 */
export function previewGrid(examples: { image: Float32Array; label: number }[], seed: number, draws = 6): PreviewGrid {
  if (examples.length === 0) throw new Error("previewGrid needs at least one example image");
  const rowOps: { label: string; ops: readonly AugmentOp[] }[] = [
    ...AUGMENT.ops.map((op) => ({ label: op, ops: [op] })),
    { label: "combined", ops: AUGMENT.ops },
  ];
  const columns = draws + 1;
  const width = columns * IMAGE_SIZE + (columns - 1) * GAP;
  const height = rowOps.length * IMAGE_SIZE + (rowOps.length - 1) * GAP;
  const pixels = new Float32Array(width * height).fill(0.5);
  const rng = new Rng(seed);
  const scratch = new Float32Array(IMAGE_PIXELS);
  rowOps.forEach((row, r) => {
    const ex = examples[r % examples.length];
    for (let c = 0; c < columns; c++) {
      const img = Float32Array.from(ex.image);
      if (c > 0) for (const op of row.ops) applyOp(op, img, ex.label, rng, scratch);
      blit(pixels, width, img, r * (IMAGE_SIZE + GAP), c * (IMAGE_SIZE + GAP));
    }
  });
  return { rows: rowOps.map((r) => r.label), columns, pixels, width, height };
}

function blit(dst: Float32Array, dstWidth: number, img: Float32Array, top: number, left: number): void {
  for (let r = 0; r < IMAGE_SIZE; r++)
    dst.set(img.subarray(r * IMAGE_SIZE, (r + 1) * IMAGE_SIZE), (top + r) * dstWidth + left);
}

export function previewPng(grid: PreviewGrid, scale = 3): Buffer {
  return encodeGrayPng(grid.pixels, grid.width, grid.height, scale);
}

/**
 * The study's preview: one example per row (noise, brightness, flip, erase, crop, combined);
 * the flip row gets a clearly asymmetric bag so the mirroring shows.
 */
export function studyPreviewGrid(train: LabelledImages, seed: number): PreviewGrid {
  const [boot, dress, shirt, tshirt, pullover] = examplesOfClasses(train, [9, 3, 6, 0, 2]);
  return previewGrid([boot, dress, mostAsymmetricOfClass(train, 8), shirt, tshirt, pullover], seed);
}
