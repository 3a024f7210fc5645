/**
 * From a camera frame to what the model sees: crop the blue rectangle, grayscale, invert when
 * the background is light (Fashion-MNIST shows light garments on black), resize to 28×28 by
 * area averaging, and stretch the contrast to [0, 1]. Pure functions: the browser demo, the
 * notebooks and the tests share them.
 */
import { IMAGE_SIZE } from "../config.js";

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The centred square the demo frames in blue: `fraction` of the frame's shorter side. */
export function centredSquare(width: number, height: number, fraction = 0.6): Rect {
  const side = Math.round(Math.min(width, height) * fraction);
  return { x: Math.round((width - side) / 2), y: Math.round((height - side) / 2), width: side, height: side };
}

/** Luma in [0, 1] of the pixels inside `rect` of an RGBA frame. */
export function cropGray(rgba: ArrayLike<number>, frameWidth: number, frameHeight: number, rect: Rect): Float32Array {
  if (rgba.length !== frameWidth * frameHeight * 4)
    throw new Error(
      `expected ${frameWidth}×${frameHeight} RGBA (${frameWidth * frameHeight * 4} bytes), got ${rgba.length}`,
    );
  if (
    rect.x < 0 ||
    rect.y < 0 ||
    rect.width < 1 ||
    rect.height < 1 ||
    rect.x + rect.width > frameWidth ||
    rect.y + rect.height > frameHeight
  ) {
    throw new Error(`rectangle ${JSON.stringify(rect)} is not inside the ${frameWidth}×${frameHeight} frame`);
  }
  const out = new Float32Array(rect.width * rect.height);
  for (let r = 0; r < rect.height; r++) {
    for (let c = 0; c < rect.width; c++) {
      const i = ((rect.y + r) * frameWidth + rect.x + c) * 4;
      out[r * rect.width + c] = (0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2]) / 255;
    }
  }
  return out;
}

/** Mean of the outer ring (a tenth of each side) of a gray image: the background's level. */
export function borderMean(gray: Float32Array, width: number, height: number): number {
  const ring = Math.max(1, Math.floor(Math.min(width, height) / 10));
  let sum = 0;
  let n = 0;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      if (r < ring || r >= height - ring || c < ring || c >= width - ring) {
        sum += gray[r * width + c];
        n++;
      }
    }
  }
  return sum / n;
}

/** Area-averaging resize of a gray image to size×size. */
export function resizeArea(gray: Float32Array, width: number, height: number, size = IMAGE_SIZE): Float32Array {
  const out = new Float32Array(size * size);
  for (let r = 0; r < size; r++) {
    const y0 = (r * height) / size;
    const y1 = ((r + 1) * height) / size;
    for (let c = 0; c < size; c++) {
      const x0 = (c * width) / size;
      const x1 = ((c + 1) * width) / size;
      let sum = 0;
      let area = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
          const w = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
          sum += w * gray[y * width + x];
          area += w;
        }
      }
      out[r * size + c] = sum / area;
    }
  }
  return out;
}

/** Stretches values to span [0, 1] (a flat image becomes all zeros). */
export function stretchContrast(img: Float32Array): Float32Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of img) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo;
  return img.map((v) => (span > 1e-6 ? (v - lo) / span : 0));
}

export interface Preprocessed {
  /** 28×28 values in [0, 1], row-major: the model's input. */
  pixels: Float32Array;
  /** Whether the crop was inverted (its background was light). */
  inverted: boolean;
}

export function preprocessFrame(
  rgba: ArrayLike<number>,
  frameWidth: number,
  frameHeight: number,
  rect: Rect,
): Preprocessed {
  let gray = cropGray(rgba, frameWidth, frameHeight, rect);
  const inverted = borderMean(gray, rect.width, rect.height) > 0.5;
  if (inverted) gray = gray.map((v) => 1 - v);
  return { pixels: stretchContrast(resizeArea(gray, rect.width, rect.height)), inverted };
}

/** Softmax of logits, then the k most probable classes. */
export function topK(logits: ArrayLike<number>, k = 3): { index: number; probability: number }[] {
  const max = Math.max(...Array.from(logits));
  const exps = Array.from(logits, (v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps
    .map((e, index) => ({ index, probability: e / total }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, k);
}
