/**
 * Training a plan of runs that can grow as it goes: a finished run can decide the next (the
 * schedule section's final model joins once the dev split has chosen its schedule), so after
 * each round the plan is read again and what it newly asks for is trained too.
 */

/** What training one planned run came to: finished, stopped (an interrupt), or skipped (busy elsewhere). */
export type TrainOutcome = "done" | "stopped" | "skipped";

export interface Plan<T> {
  /** The runs planned now, in order. */
  plan: () => T[];
  /** A run's name: each is tried once. */
  key: (item: T) => string;
  /** Whether a planned run still needs training (not done, not damaged). */
  needsTraining: (item: T) => boolean;
  /** Trains one run; `round` is 0 for the first plan, then 1, 2, … for runs that joined later. */
  train: (item: T, round: number) => Promise<TrainOutcome>;
}

/** Trains every planned run that needs it, then any the finished ones added; "stopped" at an interrupt. */
export async function trainPlan<T>({ plan, key, needsTraining, train }: Plan<T>): Promise<"done" | "stopped"> {
  const tried = new Set<string>();
  for (let round = 0; ; round++) {
    const next = plan().filter((item) => !tried.has(key(item)) && needsTraining(item));
    if (next.length === 0) return "done";
    for (const item of next) {
      tried.add(key(item));
      if ((await train(item, round)) === "stopped") return "stopped";
    }
  }
}
