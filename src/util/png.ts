/** Grayscale images ([0,1] floats) to PNG bytes. */
import { PNG } from "pngjs";

/** Encodes a width×height grayscale image, each pixel scaled up `scale` times. */
export function encodeGrayPng(pixels: Float32Array, width: number, height: number, scale = 1): Buffer {
  if (pixels.length !== width * height)
    throw new Error(`expected ${width}×${height} = ${width * height} pixels, got ${pixels.length}`);
  const png = new PNG({ width: width * scale, height: height * scale, colorType: 0, inputColorType: 0, bitDepth: 8 });
  const out = Buffer.alloc(width * scale * height * scale);
  for (let y = 0; y < height * scale; y++) {
    for (let x = 0; x < width * scale; x++) {
      const v = pixels[Math.floor(y / scale) * width + Math.floor(x / scale)];
      out[y * width * scale + x] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
  }
  png.data = out;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0 });
}

/** Decodes a PNG to grayscale [0,1] floats (the mean of R, G and B; alpha ignored). */
export function decodePngGray(bytes: Uint8Array): { pixels: Float32Array; width: number; height: number } {
  const png = PNG.sync.read(Buffer.from(bytes));
  const pixels = new Float32Array(png.width * png.height);
  for (let i = 0; i < pixels.length; i++) {
    pixels[i] = (png.data[4 * i] + png.data[4 * i + 1] + png.data[4 * i + 2]) / (3 * 255);
  }
  return { pixels, width: png.width, height: png.height };
}
