import { availableParallelism, cpus } from "node:os";
import { describe, expect, it } from "vitest";
import { currentCores, describeMachine, machineInfo } from "../../src/util/machine.js";

describe("the machine a run records", () => {
  it("names this CPU and its cores, and averages the loads that were sampled", () => {
    const m = machineInfo([
      { step: 50, load: 2 },
      { step: 100, load: null },
      { step: 150, load: 3 },
      { step: 200 },
      { step: 250, load: 4 },
    ]);
    expect(m.cores).toBe(cpus().length);
    expect(m.cpu.length).toBeGreaterThan(0);
    expect(m.meanLoad).toBe(3);
    expect(m.fewerCoreSteps).toBeUndefined();
    expect(machineInfo([{ step: 50, load: null }, { step: 100 }]).meanLoad).toBeNull();
  });

  it("counts the steps whose lines had fewer usable cores than the machine, each line standing for the steps since the last", () => {
    const all = cpus().length;
    const m = machineInfo([
      { step: 50, cores: all },
      { step: 100, cores: 1 },
      { step: 120 },
      { step: 150, cores: 1 },
      { step: 200, cores: all },
    ]);
    if (all === 1) expect(m.fewerCoreSteps).toBeUndefined();
    else expect(m.fewerCoreSteps).toEqual({ "1": 50 + 30 });
  });

  it("reads the cores this process may use (its CPU affinity)", () => {
    expect(currentCores()).toBe(availableParallelism());
    expect(currentCores()).toBeLessThanOrEqual(cpus().length);
  });

  it("reads as CPU ×cores, load, and the steps on fewer cores", () => {
    expect(describeMachine({ cpu: "AMD EPYC", cores: 2, meanLoad: 2.06 })).toBe("AMD EPYC ×2, load 2.1");
    expect(describeMachine({ cpu: "AMD EPYC", cores: 2, meanLoad: null })).toBe("AMD EPYC ×2");
    expect(describeMachine({ cpu: "AMD EPYC", cores: 2, meanLoad: 2, fewerCoreSteps: { "1": 31_800 } })).toBe(
      "AMD EPYC ×2, load 2.0; run on 1 of 2 cores for 31,800 steps",
    );
    expect(describeMachine({ cpu: "Xeon", cores: 8, meanLoad: null, fewerCoreSteps: { "4": 2_000, "2": 1_000 } })).toBe(
      "Xeon ×8; run on 2 of 8 cores for 1,000 steps, 4 of 8 cores for 2,000 steps",
    );
  });
});
