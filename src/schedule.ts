/** The learning-rate schedule: a staircase exponential decay, as in the original. */
import { SCHEDULE } from "./config.js";

export interface ScheduleConfig {
  initialLearningRate: number;
  decayRate: number;
  decaySteps: number;
}

/** lr(step) = initial × rate^floor(step / decaySteps). */
export function learningRateAt(step: number, s: ScheduleConfig = SCHEDULE): number {
  if (!Number.isInteger(step) || step < 0) throw new Error(`step must be a non-negative integer, got ${step}`);
  return s.initialLearningRate * Math.pow(s.decayRate, Math.floor(step / s.decaySteps));
}
