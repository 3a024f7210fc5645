/**
 * The original study's held-out split, drawn exactly as its `data_input.py` did: numpy's legacy
 * generator seeded once, then for each class 0..9 in order `choice(classSize, perClass,
 * replace=False)` picks positions among that class's images in file order. 400 per class is
 * the dev set of every comparison run; 1 per class is what the original's final model held
 * out (`VAL_SET_SIZE` 10), so it trained on 59,990 images.
 */
import { createHash } from "node:crypto";
import { NUM_CLASSES, SPLIT } from "../config.js";
import { NumpyRandomState } from "./numpy-mt19937.js";

export interface Split {
  train: Uint32Array;
  /** The held-out indices, sorted ascending. */
  heldOut: Uint32Array;
}

/** The held-out indices in the order the original drew them (class 0's first). */
export function drawHeldOut(labels: Uint8Array, perClass: number, seed: number = SPLIT.numpySeed): Uint32Array {
  if (!Number.isInteger(perClass) || perClass < 0) throw new Error(`perClass must be a non-negative integer, got ${perClass}`);
  const byClass: number[][] = Array.from({ length: NUM_CLASSES }, () => []);
  labels.forEach((y, i) => {
    if (y >= NUM_CLASSES) throw new Error(`label ${y} at index ${i} is outside 0..${NUM_CLASSES - 1}`);
    byClass[y].push(i);
  });
  const rng = new NumpyRandomState(seed);
  const drawn: number[] = [];
  byClass.forEach((idx, c) => {
    if (idx.length < perClass) throw new Error(`class ${c} has ${idx.length} images, fewer than the ${perClass} the split holds out`);
    for (const pos of rng.choiceWithoutReplacement(idx.length, perClass)) drawn.push(idx[pos]);
  });
  return Uint32Array.from(drawn);
}

/** Holds out `perClass` images of every class (the original's draw); the rest train. */
export function originalSplit(labels: Uint8Array, perClass: number, seed: number = SPLIT.numpySeed): Split {
  const heldOut = drawHeldOut(labels, perClass, seed);
  const isHeldOut = new Uint8Array(labels.length);
  for (const i of heldOut) isHeldOut[i] = 1;
  const train: number[] = [];
  for (let i = 0; i < labels.length; i++) if (!isHeldOut[i]) train.push(i);
  return { train: Uint32Array.from(train), heldOut: Uint32Array.from(heldOut).sort() };
}

/** SHA-256 of the indices sorted ascending, written in decimal and joined by commas. */
export function splitFingerprint(indices: ArrayLike<number>): string {
  const sorted = Float64Array.from(indices as ArrayLike<number>).sort();
  return createHash("sha256").update(Array.from(sorted).join(",")).digest("hex");
}

/** Counts labels per class among the given indices. */
export function classCounts(labels: Uint8Array, indices?: ArrayLike<number>): number[] {
  const counts = new Array(NUM_CLASSES).fill(0);
  if (indices) for (let i = 0; i < indices.length; i++) counts[labels[indices[i]]]++;
  else for (const y of labels) counts[y]++;
  return counts;
}
