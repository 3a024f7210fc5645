/**
 * A real one-node Slurm for tests: Debian's munged, slurmctld and slurmd started as this
 * machine's root with every file (key, sockets, config, state, logs, pid files) in one temp
 * directory, so nothing system-wide is left behind; `stop()` ends the three by their pid files.
 * `startSlurmCluster()` returns a reason string instead when Slurm cannot be had here.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { pidAlive } from "../../src/train/run-lock.js";

export interface SlurmCluster {
  /** The environment for Slurm's client commands (SLURM_CONF). */
  env: NodeJS.ProcessEnv;
  dir: string;
  stop(): void;
}

const DAEMONS = ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "scancel"] as const;

function onPath(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone already
  }
}

async function waitFor(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function pidIn(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The processes of this cluster: their command line names `dir` (the daemons, job scripts) or their working directory is in it (slurmstepd). */
function processesUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmdline.includes(dir) || readlinkSync(`/proc/${pid}/cwd`).startsWith(dir)) pids.push(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/** Starts the cluster with `cpus` CPUs on its one node, or returns why it cannot. */
export async function startSlurmCluster(cpus = 2): Promise<SlurmCluster | string> {
  const absent = DAEMONS.filter((d) => !onPath(d));
  if (absent.length) return `${absent.join(", ")} not installed (Debian: apt-get install slurm-wlm munge)`;
  if (process.getuid?.() !== 0) return "a private Slurm needs root here (slurmd runs jobs as their user)";
  const dir = mkdtempSync(join(tmpdir(), "fmnist-slurm-"));
  const p = (name: string) => join(dir, name);
  for (const sub of ["state", "spool", "log"]) mkdirSync(p(sub));
  writeFileSync(p("munge.key"), randomBytes(1024));
  chmodSync(p("munge.key"), 0o600);
  chmodSync(dir, 0o700);
  const socket = p("munge.socket");
  const node = hostname().split(".")[0];
  // ports apart from a system Slurm's (6817/6818) and from another test's
  const port = 20_000 + (process.pid % 20_000);
  writeFileSync(
    p("slurm.conf"),
    [
      "ClusterName=fmnisttest",
      `SlurmctldHost=${node}(127.0.0.1)`,
      `SlurmctldPort=${port}`,
      `SlurmdPort=${port + 1}`,
      "SlurmUser=root",
      "SlurmdUser=root",
      "AuthType=auth/munge",
      "CredType=cred/munge",
      `AuthInfo=socket=${socket}`,
      "MpiDefault=none",
      "ProctrackType=proctrack/linuxproc",
      "TaskPlugin=task/none",
      "SelectType=select/cons_tres",
      "SelectTypeParameters=CR_Core",
      "SchedulerType=sched/backfill",
      "JobAcctGatherType=jobacct_gather/none",
      "AccountingStorageType=accounting_storage/none",
      "ReturnToService=2",
      "KillWait=10",
      "InactiveLimit=0",
      "MinJobAge=300",
      `StateSaveLocation=${p("state")}`,
      `SlurmdSpoolDir=${p("spool")}`,
      `SlurmctldPidFile=${p("slurmctld.pid")}`,
      `SlurmdPidFile=${p("slurmd.pid")}`,
      `SlurmctldLogFile=${p("log/slurmctld.log")}`,
      `SlurmdLogFile=${p("log/slurmd.log")}`,
      `NodeName=${node} NodeAddr=127.0.0.1 CPUs=${cpus} State=UNKNOWN`,
      `PartitionName=test Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
      "",
    ].join("\n"),
  );
  const env = { ...process.env, SLURM_CONF: p("slurm.conf") };
  const stop = () => {
    // the jobs first (their steps outlive slurmd), then the daemons; wait for all to be gone
    spawnSync("scancel", ["--quiet", "--full", `--user=${process.getuid?.() ?? 0}`], { env, timeout: 10_000 });
    const pids = [...["slurmd", "slurmctld", "munged"].map((d) => pidIn(p(`${d}.pid`))), ...processesUnder(dir)].filter(
      (pid): pid is number => pid !== null,
    );
    for (const pid of pids) tryKill(pid, "SIGTERM");
    const t0 = Date.now();
    while (pids.some(pidAlive) && Date.now() - t0 < 15_000) spawnSync("sleep", ["0.2"]);
    for (const pid of [...pids.filter(pidAlive), ...processesUnder(dir)]) tryKill(pid, "SIGKILL");
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };
  try {
    execFileSync(
      "munged",
      [
        "--force",
        `--key-file=${p("munge.key")}`,
        `--socket=${socket}`,
        `--pid-file=${p("munged.pid")}`,
        `--log-file=${p("log/munged.log")}`,
        `--seed-file=${p("munged.seed")}`,
      ],
      { stdio: "pipe" },
    );
    execFileSync("slurmctld", ["-f", p("slurm.conf")], { env, stdio: "pipe" });
    execFileSync("slurmd", ["-f", p("slurm.conf")], { env, stdio: "pipe" });
    await waitFor(
      "the node did not come up idle",
      () => /idle/.test(spawnSync("sinfo", ["-h", "-o", "%T"], { env, encoding: "utf8" }).stdout ?? ""),
      30_000,
    );
  } catch (err) {
    const logs = ["slurmctld", "slurmd", "munged"]
      .map((d) => p(`log/${d}.log`))
      .filter(existsSync)
      .map((f) => readFileSync(f, "utf8").split("\n").slice(-5).join("\n"));
    stop();
    return `a private Slurm did not start: ${(err as Error).message.split("\n")[0]}\n${logs.join("\n")}`;
  }
  return { env, dir, stop };
}
