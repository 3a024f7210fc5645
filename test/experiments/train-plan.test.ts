import { describe, expect, it } from "vitest";
import { trainPlan, type TrainOutcome } from "../../src/experiments/train-plan.js";

/**
 * A store of finished names and a plan that adds "final" once both candidates are finished;
 * `trainAll` trains the plan, each run coming to `outcomeOf(name)`, and `trained` lists name@round.
 */
function study(done: string[] = []) {
  const finished = new Set(done);
  const trained: string[] = [];
  const plan = () => ["a", "b", ...(finished.has("a") && finished.has("b") ? ["final"] : [])];
  const trainAll = (outcomeOf: (name: string) => TrainOutcome = () => "done") =>
    trainPlan({
      plan,
      key: (n) => n,
      needsTraining: (n) => !finished.has(n),
      train: async (name, round) => {
        trained.push(`${name}@${round}`);
        const outcome = outcomeOf(name);
        if (outcome === "done") finished.add(name);
        return outcome;
      },
    });
  return { trained, trainAll };
}

describe("trainPlan", () => {
  it("trains what the plan asks for, then what the finished runs added to it", async () => {
    const s = study();
    expect(await s.trainAll()).toBe("done");
    expect(s.trained).toEqual(["a@0", "b@0", "final@1"]);
  });

  it("skips finished runs, and tries a busy one only once", async () => {
    const s = study(["a"]);
    expect(await s.trainAll((n) => (n === "b" ? "skipped" : "done"))).toBe("done");
    expect(s.trained).toEqual(["b@0"]); // b busy elsewhere: final not yet decided
  });

  it("stops at an interrupt, training nothing after it", async () => {
    const s = study();
    expect(await s.trainAll((n) => (n === "a" ? "stopped" : "done"))).toBe("stopped");
    expect(s.trained).toEqual(["a@0"]);
  });
});
