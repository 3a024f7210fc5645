/**
 * Which images form the batch of a given step: seeded, shuffled epochs, computed from the
 * step alone, so a resumed run sees exactly the batches an uninterrupted one would.
 */
import { Rng } from "../random.js";

export class BatchSampler {
  private epoch = -1;
  private order: Uint32Array = new Uint32Array(0);
  readonly stepsPerEpoch: number;

  constructor(
    private readonly indices: Uint32Array,
    private readonly batchSize: number,
    private readonly seed: number,
  ) {
    if (indices.length < batchSize) throw new Error(`${indices.length} training images are fewer than one batch of ${batchSize}`);
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
