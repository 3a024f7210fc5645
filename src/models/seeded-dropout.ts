/**
 * tfjs' Dropout with masks that are a function of the run's seed, the step and the layer.
 * Unseeded, tfjs draws each mask's seed from Math.random, so two runs of one config differed;
 * a fixed `seed` would draw the same mask every step. The training loop calls
 * setDropoutStep(model, seed, step) before each step, so a run (and a resumed run) is
 * reproducible. The class name and config stay Dropout's, so saved models load anywhere.
 */
import * as tf from "@tensorflow/tfjs";
import seedrandom from "seedrandom";
import { Rng } from "../util/random.js";

/** Sets the (seed, step) that the model's dropout masks of the next training step are drawn from. */
export function setDropoutStep(model: tf.LayersModel, seed: number, step: number): void {
  for (const layer of model.layers) {
    if (layer instanceof SeededDropout) {
      layer.runSeed = seed;
      layer.runStep = step;
    }
  }
}

/** FNV-1a of the layer's name: layers of one model get different masks. */
function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

type LayerCtor = new (args: object) => tf.layers.Layer;
const BaseDropout = Object.getPrototypeOf(tf.layers.dropout({ rate: 0.5 })).constructor as LayerCtor;

/** The seed of the mask that `layer` draws at `step` of a run with `seed`. */
function maskSeed(layer: tf.layers.Layer, seed: number, step: number): number {
  return new Rng(seed, 0xd0d0, step, nameHash(layer.name)).nextUint32();
}

/**
 * The multiplier tf.dropout(x, rate, undefined, seed) applies, value for value: tfjs draws
 * uniform numbers from seedrandom's alea seeded with the seed's text and keeps
 * floor(u + keep) / keep in float32. Drawn here in one typed loop, it costs a few ms a step
 * where tfjs' own draw took 19–120 ms.
 */
export function dropoutMask(count: number, rate: number, seed: number): Float32Array {
  const random = seedrandom.alea(String(seed));
  const keep = Math.fround(1 - rate);
  const mask = new Float32Array(count);
  for (let i = 0; i < count; i++) mask[i] = Math.floor(Math.fround(Math.fround(random()) + keep)) / keep;
  return mask;
}

/** The mask (0 or 1/keep) of `count` values that `layer` applies at `step` of a run with `seed`. */
export function dropoutMultiplier(layer: tf.layers.Layer, seed: number, step: number, count: number): Float32Array {
  return dropoutMask(count, (layer.getConfig() as { rate: number }).rate, maskSeed(layer, seed, step));
}

export class SeededDropout extends BaseDropout {
  runSeed = 0;
  runStep = 0;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const rate = (this.getConfig() as { rate: number }).rate;
    if (!kwargs.training || !(rate > 0 && rate < 1)) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const mask = dropoutMultiplier(this, this.runSeed, this.runStep, x.size);
      return tf.mul(x, tf.tensor(mask, x.shape));
    });
  }
}
