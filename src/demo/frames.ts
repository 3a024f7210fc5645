/**
 * Synthetic camera frames for the demo's tests, benchmark and notebook: a 28×28 image placed
 * in a frame, and a YUV4MPEG2 (y4m) video of such frames, the format Chromium's fake camera
 * plays.
 */
import { writeFileSync } from "node:fs";
import type { Rect } from "./preprocess.js";

/** Writes `frames` gray frames (values in [0,1], width×height each), each repeated `repeat` times. */
export function writeGrayY4m(path: string, width: number, height: number, frames: Float32Array[], repeat = 5): void {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const parts: Buffer[] = [header];
  for (const f of frames) {
    const y = Buffer.alloc(width * height);
    for (let i = 0; i < y.length; i++) y[i] = Math.round(255 * Math.min(1, Math.max(0, f[i])));
    for (let r = 0; r < repeat; r++) parts.push(Buffer.from("FRAME\n"), y, chroma);
  }
  writeFileSync(path, Buffer.concat(parts));
}

/** A frame with a 28×28 image scaled (nearest neighbour) into `rect`; `background` elsewhere. */
export function frameWithImage(
  width: number,
  height: number,
  image: Float32Array,
  rect: Rect,
  background = 0,
): Float32Array {
  const out = new Float32Array(width * height).fill(background);
  for (let r = 0; r < rect.height; r++)
    for (let c = 0; c < rect.width; c++) {
      out[(rect.y + r) * width + rect.x + c] =
        image[Math.floor((r * 28) / rect.height) * 28 + Math.floor((c * 28) / rect.width)];
    }
  return out;
}

/** RGBA bytes of a gray frame (what the page's canvas holds). */
export function grayToRgba(gray: Float32Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(gray.length * 4);
  gray.forEach((v, i) => {
    const g = Math.round(255 * v);
    out.set([g, g, g, 255], i * 4);
  });
  return out;
}
