import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runName } from "../../src/experiments/config.js";
import { resultRows, resultsMarkdown } from "../../src/experiments/results.js";
import { runDirFor } from "../../src/experiments/store.js";
import { finalConfig, studyConfigs } from "../../src/experiments/study.js";
import { tmpDir } from "../helpers/fixtures.js";

const backend = { name: "cpu", tfjsBackend: "cpu", tfjsVersion: "4.22.0", skipped: [] };
const devLine = (accuracy: number) => ({ kind: "dev", step: 12, accuracy, perClass: new Array(10).fill(accuracy) });

describe("the results table", () => {
  it("shows each experiment from the store: ours, the original, budget, backend, command", () => {
    const store = tmpDir("fmnist-results-");
    const simple = studyConfigs("architectures", "smoke")[0];
    const final = finalConfig("smoke");
    for (const [cfg, best] of [
      [simple, devLine(0.8125)],
      [final, null],
    ] as const) {
      const dir = runDirFor(cfg, store);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "config.json"), JSON.stringify(cfg));
      writeFileSync(
        join(dir, "done.json"),
        JSON.stringify({
          complete: true,
          steps: cfg.steps,
          backend,
          trainSeconds: 75,
          best,
          last: best,
          finishedAt: "x",
          // the final run trained on one of two cores for 8 of its 12 steps
          ...(cfg === final ? { machine: { cpu: "AMD EPYC", cores: 2, meanLoad: 2, fewerCoreSteps: { "1": 8 } } } : {}),
        }),
      );
    }
    writeFileSync(
      join(runDirFor(final, store), "eval.json"),
      JSON.stringify({
        accuracy: 0.5,
        perClass: new Array(10).fill(0.5),
        confusion: Array.from({ length: 10 }, () => new Array(10).fill(1)),
        step: 12,
      }),
    );
    writeFileSync(
      join(runDirFor(final, store), "continued.json"),
      JSON.stringify({ run: "resnet-focal-shorter", step: 6 }),
    );

    const rows = resultRows("smoke", store);
    expect(rows).toHaveLength(5 + 3 + 4 + 5 + 2 * 9 + 1 + 3 + 5);
    const first = rows[0];
    expect(first).toMatchObject({
      section: "architectures",
      experiment: "simple_model_1",
      ours: 81.25,
      metric: "dev",
      original: 92.15,
      backend: "cpu",
      command: "npm run train -- --model simple_model_1 --profile smoke",
    });
    expect(first.budget).toBe("12 steps (0.8 epochs), 1m15s");
    // 95% Wilson intervals: over the smoke profile's 200 dev images; over the 100 test images the evaluation counted
    expect(first.interval![0]).toBeCloseTo(75.55, 1);
    expect(first.interval![1]).toBeCloseTo(86.27, 1);
    expect(rows[1]).toMatchObject({ experiment: "simple_model_2", ours: null, backend: "not run" });
    const last = rows.find((r) => r.section === "final")!;
    expect(last).toMatchObject({ section: "final", ours: 50, metric: "test", original: 94.23 });
    // the original's schedule: the faithful reproduction, named as such (smoke trains on 1,024 images)
    expect(last.experiment).toBe("the faithful reproduction: resnet, focal, original schedule, 1,024 images (test)");
    expect(last.interval![0]).toBeCloseTo(40.38, 2);
    expect(last.interval![1]).toBeCloseTo(59.62, 2);
    expect(rows[1].interval).toBeNull();
    expect(last.budget).toBe(
      "12 steps (0.8 epochs), 1m15s, 1 of 2 cores for 8 steps, continued from resnet-focal-shorter at step 6",
    );
    expect(last.command).toBe(
      `npm run train -- --model resnet --loss focal --split final --profile smoke && npm run evaluate -- ${runName(final)}`,
    );
    // no original figure for augmentation strengths it did not report
    expect(rows.filter((r) => r.section === "augmentation").map((r) => r.original)).toEqual([null, null, 95, null]);

    const md = resultsMarkdown(rows).split("\n");
    expect(md).toHaveLength(2 + 44);
    expect(md[2]).toBe(
      "| architectures | simple_model_1 | 81.25% (75.5–86.3) | 92.15% | 12 steps (0.8 epochs), 1m15s | cpu | `npm run train -- --model simple_model_1 --profile smoke` |",
    );
    expect(md[3]).toContain("| – | 93.70% |");
  });
});
