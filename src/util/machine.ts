/**
 * The machine a run trained on, as its done.json records it: the CPU model, its cores, how busy
 * the system was while the run trained, and for how many steps the run's process could use fewer
 * cores than the machine has (pinned with `taskset`, say, beside another run). One training
 * process alone keeps the 1-minute load average near the cores it uses; a load well above the
 * cores means other work shared the CPU, so that run's time says little about its speed.
 */
import { availableParallelism, cpus, loadavg, platform } from "node:os";

export interface MachineInfo {
  /** The CPU model, as the OS names it. */
  cpu: string;
  cores: number;
  /** The mean of the 1-minute load averages logged with the run's train lines; null when none was. */
  meanLoad: number | null;
  /**
   * Steps trained by a process that could use fewer than `cores` cores, by that number of cores
   * ({"1": 31800}); absent when every logged line had all of them, or none recorded it.
   */
  fewerCoreSteps?: Record<string, number>;
}

/** What a train line tells of the machine: its step, and the load and usable cores when it was logged. */
export interface MachineSample {
  step: number;
  load?: number | null;
  cores?: number;
}

/** The 1-minute load average now, or null where the OS keeps none (Windows reports zeros). */
export function currentLoad(): number | null {
  return platform() === "win32" ? null : loadavg()[0];
}

/** The cores this process may run on now (its CPU affinity where the OS has one). */
export function currentCores(): number {
  return availableParallelism();
}

/**
 * This machine, with the mean of the loads sampled while a run trained (null or absent samples
 * are skipped) and the steps whose line recorded fewer usable cores than the machine has (each
 * line stands for the steps since the line before it).
 */
export function machineInfo(samples: readonly MachineSample[]): MachineInfo {
  const list = cpus();
  const cores = list.length;
  const loads = samples.map((s) => s.load).filter((l): l is number => typeof l === "number" && Number.isFinite(l));
  const fewer: Record<string, number> = {};
  let previous = 0;
  for (const s of [...samples].sort((a, b) => a.step - b.step)) {
    if (s.cores !== undefined && s.cores < cores) fewer[s.cores] = (fewer[s.cores] ?? 0) + s.step - previous;
    previous = s.step;
  }
  return {
    cpu: list[0]?.model.trim() || "unknown CPU",
    cores,
    meanLoad: loads.length ? loads.reduce((a, b) => a + b, 0) / loads.length : null,
    ...(Object.keys(fewer).length ? { fewerCoreSteps: fewer } : {}),
  };
}

/** The steps a run trained on fewer cores than the machine has, in words ("1 of 2 cores for 31,800 steps"); null when none. */
export function fewerCoresPhrase(m: MachineInfo): string | null {
  const fewer = Object.entries(m.fewerCoreSteps ?? {})
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([n, steps]) => `${n} of ${m.cores} cores for ${steps.toLocaleString("en-US")} steps`);
  return fewer.length ? fewer.join(", ") : null;
}

/** In words, for a table: "AMD EPYC ×2, load 2.1", and "; run on 1 of 2 cores for 31,800 steps" where the run had fewer. */
export function describeMachine(m: MachineInfo): string {
  const fewer = fewerCoresPhrase(m);
  return `${m.cpu} ×${m.cores}${m.meanLoad === null ? "" : `, load ${m.meanLoad.toFixed(1)}`}${fewer ? `; run on ${fewer}` : ""}`;
}
