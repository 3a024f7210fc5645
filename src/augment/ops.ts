/**
 * The five augmentations of the study on one 28×28 image (Float32Array view, values in [0,1]),
 * in place. Parameters come from config.AUGMENT; randomness from the Rng passed in.
 */
import { AUGMENT, IMAGE_SIZE } from "../config.js";
import type { Rng } from "../util/random.js";

const N = IMAGE_SIZE;

function clip01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** Adds N(0, σ²) noise to every pixel, clipped to [0,1]. */
export function addNoise(img: Float32Array, rng: Rng, sigma: number = AUGMENT.noiseSigma): void {
  for (let i = 0; i < img.length; i++) img[i] = clip01(img[i] + sigma * rng.normal());
}

/** Draws a brightness factor from U(0.9, 1.1), redrawn while it lies in [0.98, 1.02]. */
export function drawBrightnessFactor(rng: Rng): number {
  const [lo, hi] = AUGMENT.brightnessRange;
  const [bandLo, bandHi] = AUGMENT.brightnessRedrawBand;
  for (;;) {
    const f = rng.uniform(lo, hi);
    if (f < bandLo || f > bandHi) return f;
  }
}

/** Multiplies every pixel by a random factor (see drawBrightnessFactor), clipped to [0,1]. */
export function adjustBrightness(img: Float32Array, rng: Rng): number {
  const f = drawBrightnessFactor(rng);
  for (let i = 0; i < img.length; i++) img[i] = clip01(img[i] * f);
  return f;
}

/** Mirrors the image left–right, except for the classes that must keep their orientation. */
export function horizontalFlip(img: Float32Array, label: number): boolean {
  if ((AUGMENT.noFlipClasses as readonly number[]).includes(label)) return false;
  for (let r = 0; r < N; r++) {
    const row = r * N;
    for (let c = 0; c < N >> 1; c++) {
      const a = row + c;
      const b = row + N - 1 - c;
      const t = img[a];
      img[a] = img[b];
      img[b] = t;
    }
  }
  return true;
}

export interface EraseRect {
  top: number;
  left: number;
  height: number;
  width: number;
}

/**
 * Random erasing (Zhong et al. 2017) as the original's `erase_patch`: area Se = U(0.06, 0.09)·784
 * and aspect re = U(0.5, 2) give height ⌊√(Se·re)⌋ and width ⌊√(Se/re)⌋; the position (left,
 * top) is redrawn until left + width < 28 and top + height < 28, so a patch never touches the
 * last row or column. Mean area ≈ 51 px (6.5%).
 */
export function drawEraseRect(rng: Rng): EraseRect {
  const [aLo, aHi] = AUGMENT.eraseAreaRange;
  const [rLo, rHi] = AUGMENT.eraseAspectRange;
  const area = rng.uniform(aLo, aHi) * N * N;
  const aspect = rng.uniform(rLo, rHi);
  const height = Math.floor(Math.sqrt(area * aspect));
  const width = Math.floor(Math.sqrt(area / aspect));
  for (;;) {
    const left = rng.int(N);
    const top = rng.int(N);
    if (left + width < N && top + height < N) return { top, left, height, width };
  }
}

/** Fills a random rectangle (drawEraseRect) with U(0,1) noise. */
export function erasePatch(img: Float32Array, rng: Rng): EraseRect {
  const rect = drawEraseRect(rng);
  for (let r = rect.top; r < rect.top + rect.height; r++) {
    for (let c = rect.left; c < rect.left + rect.width; c++) img[r * N + c] = rng.next();
  }
  return rect;
}

/**
 * Zero-pads the image by 4 pixels (36×36) and takes a random 28×28 window, i.e. shifts the
 * image by (dy, dx) ∈ [−4, 4]² with zero fill. `scratch` is a 784-float buffer.
 */
export function randomCrop(img: Float32Array, rng: Rng, scratch: Float32Array): { dy: number; dx: number } {
  const pad = AUGMENT.cropPad;
  const dy = rng.int(2 * pad + 1) - pad;
  const dx = rng.int(2 * pad + 1) - pad;
  shiftImage(img, dy, dx, scratch);
  return { dy, dx };
}

/** out[r][c] = img[r + dy][c + dx] (zero outside), written back into img. */
export function shiftImage(img: Float32Array, dy: number, dx: number, scratch: Float32Array): void {
  scratch.fill(0);
  for (let r = 0; r < N; r++) {
    const sr = r + dy;
    if (sr < 0 || sr >= N) continue;
    for (let c = 0; c < N; c++) {
      const sc = c + dx;
      if (sc >= 0 && sc < N) scratch[r * N + c] = img[sr * N + sc];
    }
  }
  img.set(scratch);
}
