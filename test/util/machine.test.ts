import { cpus } from "node:os";
import { describe, expect, it } from "vitest";
import { describeMachine, machineInfo } from "../../src/util/machine.js";

describe("the machine a run records", () => {
  it("names this CPU and its cores, and averages the loads that were sampled", () => {
    const m = machineInfo([2, null, 3, undefined, 4]);
    expect(m.cores).toBe(cpus().length);
    expect(m.cpu.length).toBeGreaterThan(0);
    expect(m.meanLoad).toBe(3);
    expect(machineInfo([null, undefined]).meanLoad).toBeNull();
  });

  it("reads as CPU ×cores, load", () => {
    expect(describeMachine({ cpu: "AMD EPYC", cores: 2, meanLoad: 2.06 })).toBe("AMD EPYC ×2, load 2.1");
    expect(describeMachine({ cpu: "AMD EPYC", cores: 2, meanLoad: null })).toBe("AMD EPYC ×2");
  });
});
