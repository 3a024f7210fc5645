/** Picking example images by class (for previews and galleries). */
import { IMAGE_PIXELS } from "../config.js";
import type { LabelledImages } from "./dataset.js";

/** The first image of each listed class, in the order given. */
export function examplesOfClasses(data: LabelledImages, classes: number[]): { image: Float32Array; label: number }[] {
  return classes.map((c) => {
    const i = data.labels.indexOf(c);
    if (i < 0) throw new Error(`no image of class ${c} in the data`);
    return { image: data.images.slice(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS), label: c };
  });
}

/** Among the first `searchCount` images of class `label`, the one least like its mirror image. */
export function mostAsymmetricOfClass(data: LabelledImages, label: number, searchCount = 500): { image: Float32Array; label: number } {
  let best = -1;
  let bestScore = -1;
  for (let i = 0; i < Math.min(searchCount, data.count); i++) {
    if (data.labels[i] !== label) continue;
    let score = 0;
    for (let r = 0; r < 28; r++) for (let c = 0; c < 14; c++) score += Math.abs(data.images[i * IMAGE_PIXELS + r * 28 + c] - data.images[i * IMAGE_PIXELS + r * 28 + 27 - c]);
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  if (best < 0) throw new Error(`no image of class ${label} among the first ${searchCount}`);
  return { image: data.images.slice(best * IMAGE_PIXELS, (best + 1) * IMAGE_PIXELS), label };
}
