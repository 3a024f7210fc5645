/**
 * The batch script that hands runs to Slurm: one `sbatch --array` job whose task i trains the
 * i-th run with the same `npm run train` arguments that reproduce it (`trainArguments`), on a
 * checkout and run store that every node sees. Each task writes its log into its run's
 * directory; SIGTERM (scancel, preemption, `--signal` before the time limit) makes the trainer
 * checkpoint and stop, and the next submission resumes the run.
 */
import { join } from "node:path";
import { runName, type ExperimentConfig } from "./config.js";
import { trainArguments } from "./reproduce.js";

export interface SlurmOptions {
  partition?: string;
  /** e.g. "gpu:1" */
  gres?: string;
  cpusPerTask?: number;
  /** Slurm's time format, e.g. "2-00:00:00" or "90" (minutes) */
  time?: string;
}

/** Slurm's time formats: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S, or no limit. */
const SLURM_TIME =
  /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d{1,2}|\d+-\d{1,2}:\d{1,2}|\d+-\d{1,2}:\d{1,2}:\d{1,2}|UNLIMITED|INFINITE)$/;
/** A partition list (a,b) or a gres spec (gpu:a100:2): names without whitespace or shell characters. */
const SLURM_NAME = { partition: /^[\w.-]+(,[\w.-]+)*$/, gres: /^[\w.:=-]+(,[\w.:=-]+)*$/ };

/**
 * What is wrong with the options, as one line naming the option and what is expected, or null.
 * Each value becomes a line of the batch script, so a newline or a shell character must not get in.
 */
export function slurmOptionProblem(options: SlurmOptions): string | null {
  if (options.time !== undefined && !SLURM_TIME.test(options.time))
    return `--time must be in one of Slurm's formats (minutes, M:S, H:M:S, D-H, D-H:M, D-H:M:S, UNLIMITED), got ${JSON.stringify(options.time)}`;
  for (const name of ["partition", "gres"] as const) {
    const v = options[name];
    if (v !== undefined && !SLURM_NAME[name].test(v))
      return `--${name} must be ${name === "partition" ? "a partition name or a comma-separated list" : "a gres spec such as gpu:1"}, without whitespace or shell characters, got ${JSON.stringify(v)}`;
  }
  return null;
}

/** How long before a task's time limit Slurm sends SIGTERM, so it checkpoints in time. */
export const SLURM_STOP_WARNING_S = 120;

/** Where a submission keeps its records and Slurm's own output: `<output dir>/slurm`. */
export function slurmDir(outputDir: string): string {
  return join(outputDir, "slurm");
}

/** The log of array task `task` of job `jobId` in its run's directory. */
export const TASK_LOG_PATTERN = "slurm-${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}.log";

function quote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface BatchScriptInput {
  configs: ExperimentConfig[];
  /** the shared checkout (absolute) */
  projectRoot: string;
  /** the shared run store (absolute) */
  outputDir: string;
  /** the node binary the tasks run */
  node: string;
  jobName: string;
  options: SlurmOptions;
}

export function batchScript({ configs, projectRoot, outputDir, node, jobName, options }: BatchScriptInput): string {
  if (configs.length === 0) throw new Error("a batch script needs at least one run");
  const problem = slurmOptionProblem(options);
  if (problem) throw new Error(problem);
  const directives = [
    `--job-name=${jobName}`,
    `--array=0-${configs.length - 1}`,
    `--chdir=${projectRoot}`,
    `--output=${join(slurmDir(outputDir), "%A_%a.out")}`,
    ...(options.partition ? [`--partition=${options.partition}`] : []),
    ...(options.gres ? [`--gres=${options.gres}`] : []),
    ...(options.cpusPerTask ? [`--cpus-per-task=${options.cpusPerTask}`] : []),
    ...(options.time ? [`--time=${options.time}`] : []),
    // preempted tasks go back in the queue; SIGTERM comes early enough to checkpoint
    "--requeue",
    `--signal=B:TERM@${SLURM_STOP_WARNING_S}`,
  ];
  const cases = configs.map(
    (cfg, i) => `  ${i}) RUN=${runName(cfg)}; ARGS=(${trainArguments(cfg).map(quote).join(" ")}) ;;`,
  );
  return [
    "#!/bin/bash",
    ...directives.map((d) => `#SBATCH ${d}`),
    "# Written by `npm run study -- --slurm`: task i trains the i-th run, with the arguments of",
    "# `npm run train` that reproduce it, on this shared checkout (set up beforehand) and run store.",
    "set -euo pipefail",
    "case $SLURM_ARRAY_TASK_ID in",
    ...cases,
    `  *) echo "no run for array task $SLURM_ARRAY_TASK_ID" >&2; exit 2 ;;`,
    "esac",
    `OUT=${quote(outputDir)}`,
    `mkdir -p "$OUT/runs/$RUN"`,
    `exec >>"$OUT/runs/$RUN/${TASK_LOG_PATTERN}" 2>&1`,
    `echo "slurm job \${SLURM_ARRAY_JOB_ID}_\${SLURM_ARRAY_TASK_ID} on $(hostname) at $(date -Is): $RUN"`,
    `exec ${quote(node)} --import tsx src/cli/train.ts "\${ARGS[@]}" --output-dir "$OUT"`,
    "",
  ].join("\n");
}
