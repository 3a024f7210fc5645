import { loadRun } from "../../src/experiments/store.js";

/** A run's metrics lines without what measures the machine (speed, load): what must repeat exactly. */
export function metricsWithoutTiming(dir: string) {
  return loadRun(dir).metrics.map((l) => ({ ...l, imagesPerSecond: undefined, load: undefined }));
}
