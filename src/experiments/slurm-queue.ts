/**
 * Talking to Slurm through its client commands: submit an array job (`sbatch`), and ask which
 * of our runs are queued or running (`squeue`). A submission leaves a record,
 * `<output dir>/slurm/<job id>.json`, naming the run of each array task, so the queue can be
 * read back as runs; records of jobs that have left the queue are removed when it is read.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../util/atomic.js";
import { ExpectedError } from "../util/errors.js";
import { slurmDir } from "./slurm-script.js";

export interface JobRecord {
  jobId: string;
  /** who submitted it: squeue --me shows only one's own jobs, so only they can tell it has ended */
  user: string;
  /** run name of each array task, by task index */
  runs: string[];
  submittedAt: string;
}

export interface QueuedTask {
  /** e.g. "12_3" */
  jobId: string;
  /** Slurm's state: PENDING, RUNNING, COMPLETING, REQUEUED, … */
  state: string;
}

/** What the queue says about our runs, or why it could not be asked. */
export interface QueueView {
  tasks: Map<string, QueuedTask>;
  problem: string | null;
}

function run(cmd: string, args: string[], input?: string) {
  const r = spawnSync(cmd, args, { input, encoding: "utf8", timeout: 60_000 });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new ExpectedError(
      `${cmd} not found on PATH: --slurm works through Slurm's client commands; run it on the cluster (e.g. its login node), or add --dry-run to print the batch script only`,
    );
  }
  if (r.error) throw new ExpectedError(`${cmd} failed: ${r.error.message}`);
  if (r.status !== 0)
    throw new ExpectedError(
      `${cmd} ${args.join(" ")} exited ${r.status}: ${(r.stderr || r.stdout).trim().split("\n")[0] || "(no message)"}`,
    );
  return r.stdout;
}

function readRecords(outputDir: string): JobRecord[] {
  const dir = slurmDir(outputDir);
  if (!existsSync(dir)) return [];
  const records: JobRecord[] = [];
  for (const f of readdirSync(dir).filter((f) => /^\d+\.json$/.test(f))) {
    try {
      const r = JSON.parse(readFileSync(join(dir, f), "utf8")) as JobRecord;
      if (typeof r.jobId === "string" && Array.isArray(r.runs)) records.push(r);
    } catch {
      // a record cut by a crash names nothing we can use
    }
  }
  return records;
}

/** Submits `script` with sbatch; records which run each array task trains. Returns the job id. */
export function submitArray(script: string, runs: string[], outputDir: string): string {
  const dir = slurmDir(outputDir);
  mkdirSync(dir, { recursive: true });
  const jobId = run("sbatch", ["--parsable"], script).trim().split(";")[0];
  if (!/^\d+$/.test(jobId)) throw new ExpectedError(`sbatch answered '${jobId}', expected a job id`);
  writeFileAtomic(join(dir, `${jobId}.sh`), script);
  writeJsonAtomic(join(dir, `${jobId}.json`), {
    jobId,
    user: userInfo().username,
    runs,
    submittedAt: new Date().toISOString(),
  } satisfies JobRecord);
  return jobId;
}

/**
 * Our runs in the queue (by run name), from the records and `squeue`. Without records Slurm is
 * not asked at all, so a machine without Slurm never needs it.
 */
export function queuedRuns(outputDir: string): QueueView {
  const records = readRecords(outputDir);
  const tasks = new Map<string, QueuedTask>();
  if (records.length === 0) return { tasks, problem: null };
  let out: string;
  try {
    // all of this user's jobs: asking for a job id that has left the queue is an error
    out = run("squeue", ["--noheader", "--array", "--me", "--format=%F|%K|%T"]);
  } catch (err) {
    if (!(err instanceof ExpectedError)) throw err;
    return { tasks, problem: err.message };
  }
  const live = new Set<string>();
  for (const line of out.split("\n").filter(Boolean)) {
    const [jobId, task, state] = line.trim().split("|");
    const record = records.find((r) => r.jobId === jobId);
    const name = record?.runs[Number(task)];
    live.add(jobId);
    if (name) tasks.set(name, { jobId: `${jobId}_${task}`, state });
  }
  // one's own job no longer in the queue has ended (its runs say how): its record has done its work
  const me = userInfo().username;
  for (const r of records.filter((r) => !live.has(r.jobId) && (r.user ?? me) === me)) {
    rmSync(join(slurmDir(outputDir), `${r.jobId}.json`), { force: true });
  }
  return { tasks, problem: null };
}
