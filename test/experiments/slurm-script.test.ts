import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeConfig, runName } from "../../src/experiments/config.js";
import { trainCommand } from "../../src/experiments/reproduce.js";
import { batchScript, SLURM_STOP_WARNING_S, slurmOptionProblem } from "../../src/experiments/slurm-script.js";
import { tmpDir } from "../helpers/fixtures.js";

const configs = [
  makeConfig({ model: "resnet", loss: "focal", profile: "smoke" }),
  makeConfig({ model: "simple_model_1", augmentOps: ["flip"], profile: "smoke", seed: 3 }),
];

describe("batchScript", () => {
  it("is one array job with a task per run and only the directives asked for", () => {
    const script = batchScript({
      configs,
      projectRoot: "/shared/study",
      outputDir: "/shared/study/output_dir",
      node: "/usr/bin/node",
      jobName: "fmnist-smoke",
      options: { partition: "gpu", gres: "gpu:1", cpusPerTask: 8, time: "2-00:00:00" },
    });
    const directives = script.split("\n").filter((l) => l.startsWith("#SBATCH"));
    expect(directives).toEqual([
      "#SBATCH --job-name=fmnist-smoke",
      "#SBATCH --array=0-1",
      "#SBATCH --chdir=/shared/study",
      "#SBATCH --output=/shared/study/output_dir/slurm/%A_%a.out",
      "#SBATCH --partition=gpu",
      "#SBATCH --gres=gpu:1",
      "#SBATCH --cpus-per-task=8",
      "#SBATCH --time=2-00:00:00",
      "#SBATCH --requeue",
      `#SBATCH --signal=B:TERM@${SLURM_STOP_WARNING_S}`,
    ]);
    const bare = batchScript({ configs, projectRoot: "/p", outputDir: "/o", node: "node", jobName: "j", options: {} });
    expect(bare).not.toMatch(/--partition|--gres|--cpus-per-task|--time/);
    expect(spawnSync("bash", ["-n"], { input: script }).status).toBe(0);
    expect(() =>
      batchScript({ configs: [], projectRoot: "/p", outputDir: "/o", node: "node", jobName: "j", options: {} }),
    ).toThrow(/at least one run/);
  });

  it("task i runs `npm run train` with the i-th run's reproducing arguments, logging into that run's directory", () => {
    const out = tmpDir("fmnist out dir ");
    // "echo" as node: the task prints the command line it would run
    const path = join(tmpDir(), "job.sh");
    writeFileSync(
      path,
      batchScript({ configs, projectRoot: "/p", outputDir: out, node: "echo", jobName: "j", options: {} }),
    );
    configs.forEach((cfg, i) => {
      const r = spawnSync("bash", [path], {
        env: { ...process.env, SLURM_ARRAY_TASK_ID: String(i), SLURM_ARRAY_JOB_ID: "42" },
        encoding: "utf8",
      });
      expect(r.status, r.stderr).toBe(0);
      const dir = join(out, "runs", runName(cfg));
      expect(readdirSync(dir)).toEqual([`slurm-42_${i}.log`]);
      const log = readFileSync(join(dir, `slurm-42_${i}.log`), "utf8")
        .trim()
        .split("\n");
      expect(log[0]).toMatch(new RegExp(`^slurm job 42_${i} on .*: ${runName(cfg)}$`));
      expect(log[1]).toBe(
        `--import tsx src/cli/train.ts ${trainCommand(cfg).replace("npm run train -- ", "")} --output-dir ${out}`,
      );
    });
    const stray = spawnSync("bash", [path], {
      env: { ...process.env, SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_JOB_ID: "42" },
      encoding: "utf8",
    });
    expect(stray.status).toBe(2);
    expect(stray.stderr).toContain("no run for array task 2");
  });
});

describe("slurmOptionProblem", () => {
  it("accepts Slurm's time formats and plain names", () => {
    for (const time of ["90", "90:30", "2:00:00", "2-0", "2-00:00", "2-00:00:00", "UNLIMITED"])
      expect(slurmOptionProblem({ time }), time).toBeNull();
    expect(slurmOptionProblem({ partition: "cpu,long", gres: "gpu:a100:2" })).toBeNull();
  });

  it("refuses other times and names with whitespace or shell characters, so no value becomes a line of the script", () => {
    for (const time of ["abc", "1.5", "2-", "1:2:3:4", "90\n#SBATCH --mem=1", ""])
      expect(slurmOptionProblem({ time }), JSON.stringify(time)).toMatch(/^--time must be/);
    for (const partition of ["cpu long", "cpu\n#SBATCH --x", "$(id)", ""])
      expect(slurmOptionProblem({ partition })).toMatch(/^--partition must be/);
    expect(slurmOptionProblem({ gres: "gpu:1;rm" })).toMatch(/^--gres must be/);
    expect(() =>
      batchScript({
        configs: [makeConfig({ model: "simple_model_1", profile: "smoke" })],
        projectRoot: "/p",
        outputDir: "/o",
        node: "/n",
        jobName: "j",
        options: { time: "1\n#SBATCH --x" },
      }),
    ).toThrow(/--time must be/);
  });
});
