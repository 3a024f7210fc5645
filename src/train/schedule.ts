/**
 * Learning-rate schedules. `staircase` is the original's: 5e-4 × 0.9^floor(i / decaySteps).
 * `cosine` is a budget-aware alternative: a linear warm-up, then a cosine from the initial rate
 * down to a floor at `horizonSteps`, and the floor after it. Steps are counted as the original
 * counted them: the i-th update is step i, from 1.
 */
import { SCHEDULE } from "../config.js";

export interface StaircaseSchedule {
  kind: "staircase";
  initialLearningRate: number;
  decayRate: number;
  decaySteps: number;
}

export interface CosineSchedule {
  kind: "cosine";
  initialLearningRate: number;
  warmupSteps: number;
  horizonSteps: number;
  finalLearningRate: number;
}

export type ScheduleConfig = StaircaseSchedule | CosineSchedule;
export const SCHEDULE_KINDS = ["staircase", "cosine"] as const;

export const ORIGINAL_SCHEDULE: StaircaseSchedule = { kind: "staircase", ...SCHEDULE };

/** The learning rate of update number `step` (counted from 1; 0 is allowed and means "before"). */
export function learningRateAt(step: number, s: ScheduleConfig = ORIGINAL_SCHEDULE): number {
  if (!Number.isInteger(step) || step < 0) throw new Error(`step must be a non-negative integer, got ${step}`);
  if (s.kind === "staircase") return s.initialLearningRate * Math.pow(s.decayRate, Math.floor(step / s.decaySteps));
  if (step < s.warmupSteps) return (s.initialLearningRate * Math.max(step, 1)) / s.warmupSteps;
  const t = Math.min(1, (step - s.warmupSteps) / Math.max(1, s.horizonSteps - s.warmupSteps));
  return s.finalLearningRate + (s.initialLearningRate - s.finalLearningRate) * 0.5 * (1 + Math.cos(Math.PI * t));
}

/**
 * A schedule in a few words, for legends and tables: "original schedule" for the original's
 * staircase (at any model's decay interval), else its kind and peak, e.g. "cosine from 0.001".
 */
export function scheduleLabel(s: ScheduleConfig): string {
  if (
    s.kind === "staircase" &&
    s.initialLearningRate === ORIGINAL_SCHEDULE.initialLearningRate &&
    s.decayRate === ORIGINAL_SCHEDULE.decayRate
  )
    return "original schedule";
  return `${s.kind} from ${s.initialLearningRate}`;
}

/** Checks a schedule, naming the bad field. */
export function validateSchedule(s: ScheduleConfig): void {
  const positive = (name: string, v: unknown, integer: boolean, allowZero = false) => {
    if (
      typeof v !== "number" ||
      !Number.isFinite(v) ||
      v < 0 ||
      (!allowZero && v === 0) ||
      (integer && !Number.isInteger(v))
    ) {
      throw new Error(
        `schedule.${name} must be a ${allowZero ? "non-negative" : "positive"} ${integer ? "integer" : "number"}, got ${JSON.stringify(v)}`,
      );
    }
  };
  if (!s || !(SCHEDULE_KINDS as readonly string[]).includes(s.kind))
    throw new Error(`schedule.kind must be one of ${SCHEDULE_KINDS.join(", ")}, got ${JSON.stringify(s?.kind)}`);
  positive("initialLearningRate", s.initialLearningRate, false);
  if (s.kind === "staircase") {
    if (!(s.decayRate > 0 && s.decayRate <= 1))
      throw new Error(`schedule.decayRate must be in (0, 1], got ${JSON.stringify(s.decayRate)}`);
    positive("decaySteps", s.decaySteps, true);
  } else {
    positive("warmupSteps", s.warmupSteps, true, true);
    positive("horizonSteps", s.horizonSteps, true);
    positive("finalLearningRate", s.finalLearningRate, false, true);
    if (s.warmupSteps >= s.horizonSteps)
      throw new Error(`schedule.warmupSteps (${s.warmupSteps}) must be below horizonSteps (${s.horizonSteps})`);
    if (s.finalLearningRate > s.initialLearningRate)
      throw new Error(
        `schedule.finalLearningRate (${s.finalLearningRate}) must not exceed initialLearningRate (${s.initialLearningRate})`,
      );
  }
}
