import { describe, expect, it } from "vitest";
import { AUGMENT, IMAGE_PIXELS, STUDY_AUGMENT_OPS } from "../../src/config.js";
import { AUGMENT_OPS } from "../../src/augment/registry.js";
import { makeConfig } from "../../src/experiments/config.js";
import {
  addNoise,
  adjustBrightness,
  drawBrightnessFactor,
  drawEraseRect,
  erasePatch,
  horizontalFlip,
  randomCrop,
  shiftImage,
} from "../../src/augment/ops.js";
import { augmentBatch, validateAugmentConfig, DEFAULT_AUGMENT } from "../../src/augment/pipeline.js";
import { previewGrid, previewPng } from "../../src/augment/preview.js";
import { decodePngGray } from "../../src/util/png.js";
import { Rng } from "../../src/util/random.js";
import { arrayDiff } from "../helpers/arrays.js";

/** An asymmetric test image: pixel (r, c) = ((r * 28 + c) % 97) / 96. */
function testImage(): Float32Array {
  return Float32Array.from({ length: IMAGE_PIXELS }, (_, i) => (i % 97) / 96);
}

describe("horizontal flip", () => {
  it("mirrors each row exactly, and twice is the identity", () => {
    const img = testImage();
    const flipped = Float32Array.from(img);
    expect(horizontalFlip(flipped, 0)).toBe(true);
    for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) expect(flipped[r * 28 + c]).toBe(img[r * 28 + 27 - c]);
    horizontalFlip(flipped, 0);
    expect(arrayDiff(flipped, img)).toBe("equal");
  });

  it("never touches Sandal, Sneaker and Ankle boot", () => {
    const rng = new Rng(1);
    for (const label of [5, 7, 9]) {
      const imgs = new Float32Array(200 * IMAGE_PIXELS);
      for (let i = 0; i < 200; i++) imgs.set(testImage(), i * IMAGE_PIXELS);
      const before = Float32Array.from(imgs);
      augmentBatch(imgs, new Array(200).fill(label), rng, { prob: 1, ops: ["flip"] });
      expect(arrayDiff(imgs, before)).toBe("equal");
    }
  });
});

describe("random erasing", () => {
  // The original's erase_patch (shared DESIGN.md): Se = U(0.06, 0.09)·784, re = U(0.5, 2),
  // He = floor(√(Se·re)), We = floor(√(Se/re)), position redrawn until x + We < 28 and y + He < 28.
  it("draws the original's geometry: floored sides, mean area ≈ 51 px, never the last row or column", () => {
    const rng = new Rng(2);
    const draws = 20_000;
    let area = 0;
    let minSide = 28;
    let maxSide = 0;
    let touchesLast = 0;
    let bad = 0;
    for (let i = 0; i < draws; i++) {
      const r = drawEraseRect(rng);
      area += r.height * r.width;
      minSide = Math.min(minSide, r.height, r.width);
      maxSide = Math.max(maxSide, r.height, r.width);
      if (r.top + r.height >= 28 || r.left + r.width >= 28) touchesLast++;
      // floor of sides from Se ∈ [47.04, 70.56] and re ∈ [0.5, 2]: a side lies in [4, 11]
      if (r.top < 0 || r.left < 0 || r.height < 4 || r.width < 4 || r.height > 11 || r.width > 11) bad++;
    }
    expect(touchesLast).toBe(0);
    expect(bad).toBe(0);
    expect([minSide, maxSide]).toEqual([4, 11]);
    // E[⌊√(Se·re)⌋·⌊√(Se/re)⌋] ≈ 51.24 px (Monte Carlo, 400k draws); the mean of 20k draws has
    // a standard error of about 0.05 px (rounding instead of flooring gives ≈ 59 px)
    expect(area / draws).toBeGreaterThan(50.7);
    expect(area / draws).toBeLessThan(51.8);
  });

  it("reaches every top-left corner that keeps the patch off the last row and column", () => {
    const rng = new Rng(5);
    let maxBottom = 0;
    let maxRight = 0;
    let top0 = false;
    let left0 = false;
    for (let i = 0; i < 20_000; i++) {
      const r = drawEraseRect(rng);
      maxBottom = Math.max(maxBottom, r.top + r.height);
      maxRight = Math.max(maxRight, r.left + r.width);
      top0 ||= r.top === 0;
      left0 ||= r.left === 0;
    }
    expect([maxBottom, maxRight, top0, left0]).toEqual([27, 27, true, true]);
  });

  it("fills only the rectangle, with values in [0,1]", () => {
    const rng = new Rng(3);
    const img = new Float32Array(IMAGE_PIXELS).fill(2); // out-of-range marker
    const r = erasePatch(img, rng);
    let changed = 0;
    for (let y = 0; y < 28; y++)
      for (let x = 0; x < 28; x++) {
        const inside = y >= r.top && y < r.top + r.height && x >= r.left && x < r.left + r.width;
        const v = img[y * 28 + x];
        if (inside) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThan(1);
          changed++;
        } else expect(v).toBe(2);
      }
    expect(changed).toBe(r.height * r.width);
  });
});

describe("crop", () => {
  it("equals the image shifted by at most 4 pixels with zero fill", () => {
    const rng = new Rng(4);
    const scratch = new Float32Array(IMAGE_PIXELS);
    const seen = new Set<string>();
    const src = testImage();
    for (let k = 0; k < 2000; k++) {
      const img = testImage();
      const { dy, dx } = randomCrop(img, rng, scratch);
      expect(Math.abs(dy)).toBeLessThanOrEqual(4);
      expect(Math.abs(dx)).toBeLessThanOrEqual(4);
      seen.add(`${dy},${dx}`);
      const want = new Float32Array(IMAGE_PIXELS);
      for (let r = 0; r < 28; r++)
        for (let c = 0; c < 28; c++) {
          const sr = r + dy;
          const sc = c + dx;
          if (sr >= 0 && sr < 28 && sc >= 0 && sc < 28) want[r * 28 + c] = src[sr * 28 + sc];
        }
      expect(img).toEqual(want);
    }
    expect(seen.size).toBe(81); // every window of the 36×36 padded image is reachable
  });

  it("shift by zero is the identity", () => {
    const img = testImage();
    shiftImage(img, 0, 0, new Float32Array(IMAGE_PIXELS));
    expect(arrayDiff(img, testImage())).toBe("equal");
  });
});

describe("brightness", () => {
  it("never draws a factor inside [0.98, 1.02] and stays within [0.9, 1.1]", () => {
    const rng = new Rng(5);
    for (let i = 0; i < 10_000; i++) {
      const f = drawBrightnessFactor(rng);
      expect(f >= 0.98 && f <= 1.02).toBe(false);
      expect(f).toBeGreaterThanOrEqual(0.9);
      expect(f).toBeLessThan(1.1);
    }
  });

  it("draws right up to the redraw band: factors in [0.97, 0.98) and (1.02, 1.03] (each 1/16 of draws)", () => {
    const rng = new Rng(7);
    let below = 0;
    let above = 0;
    for (let i = 0; i < 10_000; i++) {
      const f = drawBrightnessFactor(rng);
      if (f >= 0.97 && f < 0.98) below++;
      if (f > 1.02 && f <= 1.03) above++;
    }
    expect(below).toBeGreaterThan(500);
    expect(above).toBeGreaterThan(500);
  });

  it("multiplies and clips to [0,1]", () => {
    const rng = new Rng(6);
    const img = Float32Array.from({ length: IMAGE_PIXELS }, (_, i) => (i % 2 ? 1 : 0.5));
    const f = adjustBrightness(img, rng);
    expect(img[0]).toBeCloseTo(0.5 * f, 6);
    expect(img[1]).toBe(Math.min(1, f));
  });
});

describe("noise", () => {
  it("has σ ≈ 0.05 (10k draws on mid-grey, tolerance 0.002) and clips to [0,1]", () => {
    const rng = new Rng(7);
    let sum = 0;
    let sq = 0;
    const n = 10_000 / 784 + 1;
    let count = 0;
    for (let k = 0; k < n; k++) {
      const img = new Float32Array(IMAGE_PIXELS).fill(0.5);
      addNoise(img, rng);
      for (const v of img) {
        sum += v - 0.5;
        sq += (v - 0.5) ** 2;
        count++;
      }
    }
    const mean = sum / count;
    expect(Math.abs(mean)).toBeLessThan(0.002);
    expect(Math.sqrt(sq / count - mean * mean)).toBeCloseTo(0.05, 2);
    const dark = new Float32Array(IMAGE_PIXELS);
    addNoise(dark, rng);
    expect(Math.min(...dark)).toBe(0);
    expect(Math.max(...dark)).toBeLessThanOrEqual(1);
  });
});

describe("the pipeline", () => {
  function batch(n: number, label = 0) {
    const imgs = new Float32Array(n * IMAGE_PIXELS);
    for (let i = 0; i < n; i++) imgs.set(testImage(), i * IMAGE_PIXELS);
    return { imgs, labels: new Array(n).fill(label) };
  }

  it("leaves a fraction ≈ (1−p)^k of images untouched with k ops (10k images, ±3σ)", () => {
    for (const p of [0.05, 0.3, 0.5]) {
      const n = 10_000;
      const { imgs, labels } = batch(n);
      const touched = augmentBatch(imgs, labels, new Rng(8), { prob: p, ops: STUDY_AUGMENT_OPS });
      const q = (1 - p) ** STUDY_AUGMENT_OPS.length;
      const sd = Math.sqrt((q * (1 - q)) / n);
      expect(Math.abs((n - touched) / n - q)).toBeLessThan(3 * sd);
      // and they really are unchanged, the others really changed (label 0 flips visibly)
      let unchanged = 0;
      for (let i = 0; i < n; i++) {
        const img = imgs.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS);
        if (img.every((v, j) => v === Math.fround((j % 97) / 96))) unchanged++;
      }
      expect(unchanged).toBeGreaterThanOrEqual(n - touched);
      expect(unchanged - (n - touched)).toBeLessThan(n * 0.01); // e.g. a crop by (0,0)
    }
  });

  it("is identical for the same seed and different for another", () => {
    const a = batch(50);
    const b = batch(50);
    const c = batch(50);
    augmentBatch(a.imgs, a.labels, new Rng(9), DEFAULT_AUGMENT);
    augmentBatch(b.imgs, b.labels, new Rng(9), DEFAULT_AUGMENT);
    augmentBatch(c.imgs, c.labels, new Rng(10), DEFAULT_AUGMENT);
    expect(arrayDiff(a.imgs, b.imgs)).toBe("equal");
    expect(arrayDiff(a.imgs, c.imgs)).not.toBe("equal");
  });

  it("p = 0 is the identity", () => {
    const { imgs, labels } = batch(100);
    const before = Float32Array.from(imgs);
    expect(augmentBatch(imgs, labels, new Rng(11), { prob: 0, ops: AUGMENT.ops })).toBe(0);
    expect(arrayDiff(imgs, before)).toBe("equal");
  });

  it("applies only the enabled ops", () => {
    const { imgs, labels } = batch(20);
    augmentBatch(imgs, labels, new Rng(12), { prob: 1, ops: ["flip"] });
    const flipped = testImage();
    horizontalFlip(flipped, 0);
    expect(arrayDiff(imgs.subarray(0, IMAGE_PIXELS), flipped)).toBe("equal");
  });

  it("rejects an out-of-range probability and an unknown op by name", () => {
    expect(() => validateAugmentConfig({ prob: 1.5, ops: AUGMENT.ops })).toThrow(
      /augmentProb must be a number in \[0, 1\], got 1.5/,
    );
    expect(() => validateAugmentConfig({ prob: -0.1, ops: AUGMENT.ops })).toThrow(/augmentProb/);
    expect(() => validateAugmentConfig({ prob: 0.3, ops: ["noise", "rotate" as never] })).toThrow(
      /unknown augmentation op 'rotate'; expected some of noise, brightness, flip, erase, crop/,
    );
    expect(validateAugmentConfig({ prob: 0.3, ops: ["crop", "noise"] }).ops).toEqual(["noise", "crop"]);
  });
});

describe("preview grid", () => {
  it("has a row per op plus combined, the original in the first column, and encodes to PNG", () => {
    const grid = previewGrid([{ image: testImage(), label: 0 }], 1, 3);
    expect(grid.rows).toEqual([...AUGMENT.ops, "combined"]);
    expect(grid.width).toBe(4 * 28 + 3 * 2);
    // first column of the flip row (row 2) is the original; the next is its mirror
    const top = 2 * 30;
    const orig = testImage();
    expect(grid.pixels[(top + 5) * grid.width + 7]).toBe(orig[5 * 28 + 7]);
    expect(grid.pixels[(top + 5) * grid.width + 30 + 7]).toBe(orig[5 * 28 + 20]);
    const png = decodePngGray(previewPng(grid, 2));
    expect(png.width).toBe(grid.width * 2);
    expect(png.pixels[0]).toBeCloseTo(Math.round(orig[0] * 255) / 255, 5);
  });
});

describe("the operation registry", () => {
  it("has an entry for every available operation, each changing an image and described for the report", () => {
    for (const op of AUGMENT.ops) {
      const img = testImage();
      AUGMENT_OPS[op].apply(img, 0, new Rng(13), new Float32Array(IMAGE_PIXELS));
      expect([op, arrayDiff(img, testImage())]).not.toEqual([op, "equal"]);
      expect(AUGMENT_OPS[op].description.length).toBeGreaterThan(10);
    }
  });

  it("keeps the study's five operations as every config's default, apart from what is available", () => {
    expect(STUDY_AUGMENT_OPS).toEqual(["noise", "brightness", "flip", "erase", "crop"]);
    expect(makeConfig({ model: "resnet" }).augmentOps).toEqual([...STUDY_AUGMENT_OPS]);
  });
});
