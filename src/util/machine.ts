/**
 * The machine a run trained on, as its done.json records it: the CPU model, its cores, and how
 * busy the system was while the run trained. One training process alone keeps the 1-minute load
 * average near the cores it uses; a load well above the cores means other work shared the CPU,
 * so that run's time says little about its speed.
 */
import { cpus, loadavg, platform } from "node:os";

export interface MachineInfo {
  /** The CPU model, as the OS names it. */
  cpu: string;
  cores: number;
  /** The mean of the 1-minute load averages logged with the run's train lines; null when none was. */
  meanLoad: number | null;
}

/** The 1-minute load average now, or null where the OS keeps none (Windows reports zeros). */
export function currentLoad(): number | null {
  return platform() === "win32" ? null : loadavg()[0];
}

/** This machine, with the mean of the loads sampled while a run trained (null or absent samples are skipped). */
export function machineInfo(loads: readonly (number | null | undefined)[]): MachineInfo {
  const list = cpus();
  const sampled = loads.filter((l): l is number => typeof l === "number" && Number.isFinite(l));
  return {
    cpu: list[0]?.model.trim() || "unknown CPU",
    cores: list.length,
    meanLoad: sampled.length ? sampled.reduce((a, b) => a + b, 0) / sampled.length : null,
  };
}

/** In words, for a table: "AMD EPYC ×2, load 2.1". */
export function describeMachine(m: MachineInfo): string {
  return `${m.cpu} ×${m.cores}${m.meanLoad === null ? "" : `, load ${m.meanLoad.toFixed(1)}`}`;
}
