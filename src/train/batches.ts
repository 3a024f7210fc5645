/**
 * Which images form the batch of a given step: seeded, shuffled epochs, computed from the
 * step alone, so a resumed run sees exactly the batches an uninterrupted one would.
 */
import { augmentBatch } from "../augment/pipeline.js";
import { IMAGE_PIXELS } from "../config.js";
import { subset, type LabelledImages } from "../data/dataset.js";
import { originalSplit, splitFingerprint } from "../data/split.js";
import { heldOutPerClass, type TrainSpec } from "./spec.js";
import { Rng } from "../util/random.js";

export class BatchSampler {
  private epoch = -1;
  private order: Uint32Array = new Uint32Array(0);
  readonly stepsPerEpoch: number;

  constructor(
    private readonly indices: Uint32Array,
    private readonly batchSize: number,
    private readonly seed: number,
  ) {
    if (indices.length < batchSize)
      throw new Error(`${indices.length} training images are fewer than one batch of ${batchSize}`);
    this.stepsPerEpoch = Math.floor(indices.length / batchSize);
  }

  /** The dataset indices of the batch at `step` (the last partial batch of an epoch is skipped). */
  batch(step: number): Uint32Array {
    const epoch = Math.floor(step / this.stepsPerEpoch);
    if (epoch !== this.epoch) {
      this.order = new Rng(this.seed, 0x5eed, epoch).shuffle(Uint32Array.from(this.indices));
      this.epoch = epoch;
    }
    const start = (step % this.stepsPerEpoch) * this.batchSize;
    return this.order.subarray(start, start + this.batchSize);
  }
}

/**
 * A run's data as the loop sees it: the original's split (a dev run holds out its dev set, a
 * final run the original's 10 images) and, for each step, its batch with its augmentation
 * drawn from (seed, step). The loop and the tests both take batches from here.
 */
export class TrainingBatches {
  readonly dev: LabelledImages | null;
  /** Fingerprint of the dev images (splitFingerprint), stored beside their predictions. */
  readonly devImages: string;
  readonly trainCount: number;
  private readonly sampler: BatchSampler;
  private readonly scratch = new Float32Array(IMAGE_PIXELS);
  readonly images: Float32Array;
  readonly labels: Int32Array;

  constructor(
    private readonly cfg: TrainSpec,
    private readonly data: LabelledImages,
  ) {
    const split = originalSplit(data.labels, heldOutPerClass(cfg));
    const trainIndices = cfg.trainLimit > 0 ? split.train.subarray(0, cfg.trainLimit) : split.train;
    this.trainCount = trainIndices.length;
    this.dev = cfg.split === "dev" ? subset(data, split.heldOut) : null;
    this.devImages = splitFingerprint(split.heldOut);
    this.sampler = new BatchSampler(trainIndices, cfg.batchSize, cfg.seed);
    this.images = new Float32Array(cfg.batchSize * IMAGE_PIXELS);
    this.labels = new Int32Array(cfg.batchSize);
  }

  /** Fills `images` and `labels` with the augmented batch of `step` (0-based) and returns them. */
  fill(step: number): { images: Float32Array; labels: Int32Array } {
    const idx = this.sampler.batch(step);
    for (let i = 0; i < idx.length; i++) {
      this.images.set(this.data.images.subarray(idx[i] * IMAGE_PIXELS, (idx[i] + 1) * IMAGE_PIXELS), i * IMAGE_PIXELS);
      this.labels[i] = this.data.labels[idx[i]];
    }
    augmentBatch(
      this.images,
      this.labels,
      new Rng(this.cfg.seed, 0xa0a0, step),
      { prob: this.cfg.augmentProb, ops: this.cfg.augmentOps },
      this.scratch,
    );
    return { images: this.images, labels: this.labels };
  }
}
