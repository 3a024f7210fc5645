import { describe, expect, it } from "vitest";
import {
  borderMean,
  centredSquare,
  cropGray,
  preprocessFrame,
  resizeArea,
  stretchContrast,
  topK,
} from "../../src/demo/preprocess.js";

/** An RGBA frame filled by f(x, y) → gray level in [0, 1]. */
function frame(width: number, height: number, f: (x: number, y: number) => number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const g = Math.round(255 * f(x, y));
      out.set([g, g, g, 255], (y * width + x) * 4);
    }
  return out;
}

describe("demo preprocessing", () => {
  it("frames a centred square of 60% of the shorter side", () => {
    expect(centredSquare(640, 480)).toEqual({ x: 176, y: 96, width: 288, height: 288 });
  });

  it("crops and converts to luma", () => {
    const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
    const g = cropGray(rgba, 2, 2, { x: 0, y: 0, width: 2, height: 2 });
    expect(Array.from(g).map((v) => +v.toFixed(3))).toEqual([0.299, 0.587, 0.114, 1]);
    expect(() => cropGray(rgba, 2, 2, { x: 1, y: 1, width: 2, height: 2 })).toThrow(/not inside the 2×2 frame/);
  });

  it("averages areas when resizing, and 28→28 is the identity", () => {
    const img = Float32Array.from({ length: 56 * 56 }, (_, i) => (i % 56) % 2); // columns alternate 0,1
    expect(Array.from(resizeArea(img, 56, 56)).every((v) => Math.abs(v - 0.5) < 1e-6)).toBe(true);
    const small = Float32Array.from({ length: 784 }, (_, i) => (i % 97) / 96);
    const same = resizeArea(small, 28, 28);
    small.forEach((v, i) => expect(same[i]).toBeCloseTo(v, 5));
  });

  it("inverts a dark garment on a light background, keeps a light one on black", () => {
    const darkOnLight = frame(100, 100, (x, y) => (Math.abs(x - 50) < 20 && Math.abs(y - 50) < 20 ? 0.1 : 0.9));
    const a = preprocessFrame(darkOnLight, 100, 100, { x: 0, y: 0, width: 100, height: 100 });
    expect(a.inverted).toBe(true);
    expect(a.pixels[14 * 28 + 14]).toBeCloseTo(1, 5); // garment now bright
    expect(a.pixels[0]).toBeCloseTo(0, 5); // background now black
    const lightOnDark = frame(100, 100, (x, y) => (Math.abs(x - 50) < 20 && Math.abs(y - 50) < 20 ? 0.7 : 0.05));
    const b = preprocessFrame(lightOnDark, 100, 100, { x: 0, y: 0, width: 100, height: 100 });
    expect(b.inverted).toBe(false);
    expect(b.pixels[14 * 28 + 14]).toBeCloseTo(1, 5); // contrast stretched to 1
    expect(borderMean(Float32Array.from([1, 1, 1, 1]), 2, 2)).toBe(1);
  });

  it("stretches contrast to [0,1], a flat image to zeros", () => {
    expect(Array.from(stretchContrast(Float32Array.from([0.2, 0.4, 0.6])))).toEqual([0, expect.closeTo(0.5, 6), 1]);
    expect(Array.from(stretchContrast(Float32Array.from([0.3, 0.3])))).toEqual([0, 0]);
  });

  it("ranks classes by softmax probability", () => {
    const top = topK([1, 3, 2, 0, 0, 0, 0, 0, 0, 0], 3);
    expect(top.map((t) => t.index)).toEqual([1, 2, 0]);
    const z = Math.exp(1) + Math.exp(3) + Math.exp(2) + 7;
    expect(top[0].probability).toBeCloseTo(Math.exp(3) / z, 6);
  });
});
