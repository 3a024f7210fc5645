/** Applying the augmentations: each enabled op independently with probability `prob`. */
import { AUGMENT, IMAGE_PIXELS, STUDY_AUGMENT_OPS, type AugmentOp } from "../config.js";
import type { Rng } from "../util/random.js";
import { AUGMENT_OPS } from "./registry.js";

export interface AugmentConfig {
  /** Probability of applying each enabled op, independently; 0 turns augmentation off. */
  prob: number;
  /** The enabled ops (default all five, applied in this fixed order). */
  ops: readonly AugmentOp[];
}

export const DEFAULT_AUGMENT: AugmentConfig = { prob: AUGMENT.defaultProb, ops: STUDY_AUGMENT_OPS };

/** Checks a config, with one clear error naming the bad field. Returns it with ops in order. */
export function validateAugmentConfig(cfg: AugmentConfig): AugmentConfig {
  if (typeof cfg.prob !== "number" || !(cfg.prob >= 0 && cfg.prob <= 1)) {
    throw new Error(`augmentProb must be a number in [0, 1], got ${cfg.prob}`);
  }
  for (const op of cfg.ops) {
    if (!Object.hasOwn(AUGMENT_OPS, op)) {
      throw new Error(`unknown augmentation op '${op}'; expected some of ${AUGMENT.ops.join(", ")}`);
    }
  }
  return { prob: cfg.prob, ops: AUGMENT.ops.filter((op) => cfg.ops.includes(op)) };
}

/** Applies one op to one image in place. */
export function applyOp(op: AugmentOp, img: Float32Array, label: number, rng: Rng, scratch: Float32Array): void {
  AUGMENT_OPS[op].apply(img, label, rng, scratch);
}

/**
 * Augments a batch in place: `images` holds `labels.length` images of 784 floats.
 * Returns how many images got at least one op.
 */
export function augmentBatch(
  images: Float32Array,
  labels: ArrayLike<number>,
  rng: Rng,
  cfg: AugmentConfig,
  scratch = new Float32Array(IMAGE_PIXELS),
): number {
  if (cfg.prob === 0 || cfg.ops.length === 0) return 0;
  let touched = 0;
  for (let i = 0; i < labels.length; i++) {
    const img = images.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS);
    let any = false;
    for (const op of cfg.ops) {
      if (rng.next() < cfg.prob) {
        applyOp(op, img, labels[i], rng, scratch);
        any = true;
      }
    }
    if (any) touched++;
  }
  return touched;
}
