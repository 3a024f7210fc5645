/** The stratified dev split: the same 400 images per class for every experiment. */
import { NUM_CLASSES } from "../config.js";
import { Rng } from "../random.js";

export interface Split {
  train: Uint32Array;
  dev: Uint32Array;
}

/**
 * Picks `perClass` indices of every class for the dev set, seeded; the rest train.
 * Both index lists come back sorted, so the split does not depend on the data order later.
 */
export function stratifiedSplit(labels: Uint8Array, perClass: number, seed: number): Split {
  if (!Number.isInteger(perClass) || perClass < 0) throw new Error(`perClass must be a non-negative integer, got ${perClass}`);
  const byClass: number[][] = Array.from({ length: NUM_CLASSES }, () => []);
  labels.forEach((y, i) => {
    if (y >= NUM_CLASSES) throw new Error(`label ${y} at index ${i} is outside 0..${NUM_CLASSES - 1}`);
    byClass[y].push(i);
  });
  const rng = new Rng(seed);
  const dev: number[] = [];
  byClass.forEach((idx, c) => {
    if (idx.length < perClass) {
      throw new Error(`class ${c} has ${idx.length} images, fewer than the ${perClass} the dev split needs`);
    }
    dev.push(...rng.shuffle(idx).slice(0, perClass));
  });
  const isDev = new Uint8Array(labels.length);
  for (const i of dev) isDev[i] = 1;
  const train: number[] = [];
  for (let i = 0; i < labels.length; i++) if (!isDev[i]) train.push(i);
  return { train: Uint32Array.from(train), dev: Uint32Array.from(dev).sort() };
}

/** "Final" mode: every training image trains, there is no dev set. */
export function allForTraining(count: number): Split {
  return { train: Uint32Array.from({ length: count }, (_, i) => i), dev: new Uint32Array(0) };
}

/** Counts labels per class among the given indices. */
export function classCounts(labels: Uint8Array, indices?: ArrayLike<number>): number[] {
  const counts = new Array(NUM_CLASSES).fill(0);
  if (indices) for (let i = 0; i < indices.length; i++) counts[labels[indices[i]]]++;
  else for (const y of labels) counts[y]++;
  return counts;
}
