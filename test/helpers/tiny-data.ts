/** A tiny learnable dataset in memory: 10 classes, each a distinct noisy pattern. */
import { IMAGE_PIXELS } from "../../src/config.js";
import type { LabelledImages } from "../../src/data/dataset.js";
import { Rng } from "../../src/util/random.js";

export function tinyDataset(perClass = 30, seed = 1): LabelledImages {
  const count = perClass * 10;
  const rng = new Rng(seed);
  const images = new Float32Array(count * IMAGE_PIXELS);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const y = i % 10;
    labels[i] = y;
    for (let p = 0; p < IMAGE_PIXELS; p++) {
      const r = Math.floor(p / 28);
      const c = p % 28;
      // class y lights a band of rows and a band of columns
      const on = (r >= 2 * y && r < 2 * y + 6) || (c >= 27 - 2 * y - 5 && c <= 27 - 2 * y);
      images[i * IMAGE_PIXELS + p] = Math.min(1, Math.max(0, (on ? 0.8 : 0.1) + 0.1 * rng.normal()));
    }
  }
  return { images, labels, count };
}
