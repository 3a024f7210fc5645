/**
 * tfjs' Dropout with masks that are a function of the run's seed, the step and the layer.
 * Unseeded, tfjs draws each mask's seed from Math.random, so two runs of one config differed;
 * a fixed `seed` would draw the same mask every step. The training loop calls
 * setDropoutStep(model, seed, step) before each step, so a run (and a resumed run) is
 * reproducible. The class name and config stay Dropout's, so saved models load anywhere.
 */
import * as tf from "@tensorflow/tfjs";
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

export class SeededDropout extends BaseDropout {
  runSeed = 0;
  runStep = 0;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor | tf.Tensor[] {
    (this as unknown as { seed: number }).seed = new Rng(
      this.runSeed,
      0xd0d0,
      this.runStep,
      nameHash(this.name),
    ).nextUint32();
    return super.call(inputs, kwargs);
  }
}
