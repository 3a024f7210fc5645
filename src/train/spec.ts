/**
 * What the trainer needs to know about a run: its own type, so train/ depends on nothing above
 * it. An experiment's config (experiments/config.ts) is a TrainSpec plus the profile that set its
 * budget and the arithmetic revision that names it.
 */
import { SPLIT, type AugmentOp, type LossName, type ModelName } from "../config.js";
import type { ScheduleConfig } from "./schedule.js";

export interface TrainSpec {
  model: ModelName;
  loss: LossName;
  augmentProb: number;
  augmentOps: AugmentOp[];
  steps: number;
  batchSize: number;
  /** The original's staircase by default (see schedule.ts). */
  schedule: ScheduleConfig;
  seed: number;
  /** "dev": train on 56k, select on the 4k dev split; "final": train on 59,990 (the original's). */
  split: "dev" | "final";
  devPerClass: number;
  /** Train on only the first N training images of the split (0 = all); for smoke runs. */
  trainLimit: number;
  evalEvery: number;
  logEvery: number;
  /**
   * The native backend's arithmetic for convolutions and matrix products (runtime/precision.ts);
   * absent for the study's fp32, so the runs trained before it keep their names.
   */
  precision?: "bf16";
}

/** Images held out per class: the dev set of a dev run, the original's 1 per class for "final". */
export function heldOutPerClass(spec: Pick<TrainSpec, "split" | "devPerClass">): number {
  return spec.split === "final" ? SPLIT.finalHeldOutPerClass : spec.devPerClass;
}
