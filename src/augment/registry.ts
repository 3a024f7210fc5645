/**
 * The augmentation operations, by name: what each does to one image and how the report
 * describes it. Adding an operation is one entry here (its name joins AUGMENT.ops in config.ts,
 * whose type makes a missing entry a compile error) and its test; the study's own list,
 * STUDY_AUGMENT_OPS, is named apart, so a new operation never renames a stored run.
 */
import { AUGMENT, CLASS_NAMES, type AugmentOp } from "../config.js";
import type { Rng } from "../util/random.js";
import { addNoise, adjustBrightness, erasePatch, horizontalFlip, randomCrop } from "./ops.js";

export interface AugmentOpSpec {
  /** Applies the operation to one 28×28 image in place (`scratch`: a 784-float buffer). */
  apply(img: Float32Array, label: number, rng: Rng, scratch: Float32Array): void;
  /** Its parameters, in words, for the report. */
  description: string;
}

export const AUGMENT_OPS: Record<AugmentOp, AugmentOpSpec> = {
  noise: {
    apply: (img, _label, rng) => addNoise(img, rng),
    description: `add N(0, ${AUGMENT.noiseSigma}²) to every pixel, clip to [0,1]`,
  },
  brightness: {
    apply: (img, _label, rng) => void adjustBrightness(img, rng),
    description: `multiply by U(${AUGMENT.brightnessRange.join(", ")}), redrawn inside [${AUGMENT.brightnessRedrawBand.join(", ")}]; clip`,
  },
  flip: {
    apply: (img, label) => void horizontalFlip(img, label),
    description: `mirror left–right; never classes ${AUGMENT.noFlipClasses.map((c) => CLASS_NAMES[c]).join(", ")}`,
  },
  erase: {
    apply: (img, _label, rng) => void erasePatch(img, rng),
    description: `area Se = U(${AUGMENT.eraseAreaRange.join(", ")})·784, aspect r = U(${AUGMENT.eraseAspectRange.join(", ")}); height ⌊√(Se·r)⌋, width ⌊√(Se/r)⌋, placed off the last row and column; filled with U(0,1)`,
  },
  crop: {
    apply: (img, _label, rng, scratch) => void randomCrop(img, rng, scratch),
    description: `zero-pad ${AUGMENT.cropPad} px to 36×36, random 28×28 window`,
  },
};
