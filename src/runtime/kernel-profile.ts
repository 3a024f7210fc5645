/**
 * A training step's kernel profile, summed by kernel name: how many kernels one step runs, how
 * long it spends inside them, and which take the most time. Input: one record per kernel call
 * (its name and time) over `steps` steps, e.g. every timed executeOp of `npm run bench:profile`.
 */
export interface KernelRecord {
  name: string;
  ms: number;
}

export interface KernelShare {
  name: string;
  callsPerStep: number;
  msPerStep: number;
  /** of the time inside kernels */
  share: number;
}

export interface KernelBreakdown {
  kernelsPerStep: number;
  kernelMsPerStep: number;
  top: KernelShare[];
}

export function kernelBreakdown(kernels: KernelRecord[], steps: number, top: number): KernelBreakdown {
  if (!(Number.isInteger(steps) && steps > 0)) throw new Error(`steps must be a positive integer, got ${steps}`);
  const byName = new Map<string, { calls: number; ms: number }>();
  let total = 0;
  for (const k of kernels) {
    if (!Number.isFinite(k.ms) || k.ms < 0) throw new Error(`kernel ${k.name} has no valid time (${k.ms} ms)`);
    const e = byName.get(k.name) ?? { calls: 0, ms: 0 };
    e.calls += 1;
    e.ms += k.ms;
    byName.set(k.name, e);
    total += k.ms;
  }
  const shares = [...byName].map(([name, e]) => ({
    name,
    callsPerStep: e.calls / steps,
    msPerStep: e.ms / steps,
    share: total > 0 ? e.ms / total : 0,
  }));
  shares.sort((a, b) => b.msPerStep - a.msPerStep || a.name.localeCompare(b.name));
  return { kernelsPerStep: kernels.length / steps, kernelMsPerStep: total / steps, top: shares.slice(0, top) };
}
