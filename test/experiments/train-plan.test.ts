import { describe, expect, it } from "vitest";
import { trainPlan, type TrainOutcome } from "../../src/experiments/train-plan.js";

/** A store of finished names, and a plan that adds "final" once both candidates are finished. */
function study(done: string[] = []) {
  const finished = new Set(done);
  const trained: string[] = [];
  const plan = () => ["a", "b", ...(finished.has("a") && finished.has("b") ? ["final"] : [])];
  const train = async (name: string, round: number, outcome: TrainOutcome = "done") => {
    trained.push(`${name}@${round}`);
    if (outcome === "done") finished.add(name);
    return outcome;
  };
  return { finished, trained, plan, train };
}

describe("trainPlan", () => {
  it("trains what the plan asks for, then what the finished runs added to it", async () => {
    const s = study();
    const result = await trainPlan({
      plan: s.plan,
      key: (n) => n,
      needsTraining: (n) => !s.finished.has(n),
      train: s.train,
    });
    expect(result).toBe("done");
    expect(s.trained).toEqual(["a@0", "b@0", "final@1"]);
  });

  it("skips finished runs, and tries a busy one only once", async () => {
    const s = study(["a"]);
    const result = await trainPlan({
      plan: s.plan,
      key: (n) => n,
      needsTraining: (n) => !s.finished.has(n),
      train: (n, round) => s.train(n, round, n === "b" ? "skipped" : "done"),
    });
    expect(result).toBe("done");
    expect(s.trained).toEqual(["b@0"]); // b busy elsewhere: final not yet decided
  });

  it("stops at an interrupt, training nothing after it", async () => {
    const s = study();
    const result = await trainPlan({
      plan: s.plan,
      key: (n) => n,
      needsTraining: (n) => !s.finished.has(n),
      train: (n, round) => s.train(n, round, n === "a" ? "stopped" : "done"),
    });
    expect(result).toBe("stopped");
    expect(s.trained).toEqual(["a@0"]);
  });
});
