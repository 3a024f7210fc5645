/** Runs made up in memory for the report's tests: a config, metrics and a finished record, no files. */
import { makeConfig, type ConfigInput } from "../../src/experiments/config.js";
import type { Run } from "../../src/experiments/store.js";
import type { DevLine, MetricsLine } from "../../src/train/run-files.js";

export const TEST_BACKEND = {
  name: "tensorflow" as const,
  tfjsBackend: "tensorflow",
  tfjsVersion: "4.22.0",
  skipped: [],
};

/** A dev evaluation at `step` with the same accuracy for every class. */
export function devLine(step: number, accuracy: number): DevLine {
  return { kind: "dev", step, accuracy, perClass: new Array(10).fill(accuracy) };
}

/**
 * A run of `config` (cpu profile unless given) with `metrics`; finished at `steps` with best and
 * last dev evaluation `best` (or the last dev line of `metrics`), or unfinished with `done: false`.
 */
export function madeUpRun(opts: {
  config: ConfigInput;
  name?: string;
  metrics?: MetricsLine[];
  best?: DevLine;
  done?: boolean;
}): Run {
  const config = makeConfig({ profile: "cpu", ...opts.config });
  const metrics = opts.metrics ?? [];
  const best = opts.best ?? metrics.filter((l): l is DevLine => l.kind === "dev").at(-1) ?? null;
  const name = opts.name ?? `${config.model}-${config.seed}`;
  return {
    name,
    dir: `/nowhere/${name}`,
    config,
    metrics,
    done:
      opts.done === false
        ? null
        : {
            complete: true,
            steps: config.steps,
            backend: TEST_BACKEND,
            trainSeconds: 1,
            best,
            last: best,
            finishedAt: "x",
          },
    evaluation: null,
    continuedFrom: null,
    problems: [],
  };
}
