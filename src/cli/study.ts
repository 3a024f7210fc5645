/** `npm run study` — every experiment of the report at a profile: list them, run the missing ones here, or hand them to Slurm. */
import { resolve } from "node:path";
import { PROFILES, runName, type Profile } from "../experiments/config.js";
import { resultRows, resultsMarkdown } from "../experiments/results.js";
import { runExperiment, runState, type RunState } from "../experiments/store.js";
import { trainPlan } from "../experiments/train-plan.js";
import { RunBusyError } from "../train/run-lock.js";
import { STUDY_SECTIONS, studyConfigs, type StudyOverrides, type StudySection } from "../experiments/study.js";
import { batchScript, slurmOptionProblem, type SlurmOptions } from "../experiments/slurm-script.js";
import { queuedRuns, submitArray } from "../experiments/slurm-queue.js";
import { flag, numberOption, parseCli, str, usageExit } from "./args.js";
import { stopOnInterrupt } from "./interrupt.js";
import { formatSeconds } from "../util/format.js";
import { outputDir, projectRoot } from "../util/paths.js";
import { ProgressBar } from "./progress.js";
import { exitOnExpectedErrors } from "./fail.js";

exitOnExpectedErrors();

const USAGE = `usage: npm run study -- [--profile ${PROFILES.join("|")}] [--section NAME] [--run NAME[,NAME…]]
                        [--steps N] [--seed N] [--list | --results | --slurm [SLURM OPTIONS] [--dry-run]]

  --profile P   the budget (default cpu)
  --section S   only one of: ${STUDY_SECTIONS.join(", ")}
  --run NAMES   only these runs (names as --list prints them)
  --steps N     every run with N steps instead of the profile's (new runs)
  --seed N      every run with seed N instead of the profile's (new runs)
  --list        only list the runs (done, started, missing, damaged; queued or running on
                Slurm when submitted with --slurm); train nothing
  --results     print the results table (Markdown: ours with its 95% interval, the original,
                budget, backend and the command that reproduces each row); train nothing

Runs each missing experiment of the report in turn (finished ones are skipped; an
interrupted one resumes), then any run the finished ones decide (the final model with the
schedule the dev split chose). Ctrl-C or SIGTERM stops after a checkpoint.

On a Slurm cluster (checkout and output_dir on a shared filesystem, set up once with
npm run setup): --slurm submits one array job, one task per run that is not done, not being
trained and not already queued; each task trains its run with the npm run train arguments
that reproduce it, logging to slurm-<job>_<task>.log in the run's directory.
  --partition P       Slurm partition
  --gres G            generic resources per task, e.g. gpu:1
  --cpus-per-task N   CPUs per task (Slurm's default otherwise)
  --time T            time limit per task (e.g. 2-00:00:00); SIGTERM comes 2 minutes before
                      it, the run checkpoints, and the next --slurm resumes it
  --dry-run           print the batch script; submit nothing`;

const args = parseCli(USAGE, {
  profile: { type: "string" },
  section: { type: "string" },
  run: { type: "string" },
  steps: { type: "string" },
  seed: { type: "string" },
  list: { type: "boolean" },
  results: { type: "boolean" },
  slurm: { type: "boolean" },
  partition: { type: "string" },
  gres: { type: "string" },
  "cpus-per-task": { type: "string" },
  time: { type: "string" },
  "dry-run": { type: "boolean" },
});
const profile = (str(args, "profile") ?? "cpu") as Profile;
if (!(PROFILES as readonly string[]).includes(profile)) usageExit(USAGE, `unknown profile '${profile}'`);
const section = str(args, "section");
if (section && !(STUDY_SECTIONS as readonly string[]).includes(section))
  usageExit(USAGE, `unknown section '${section}'; expected one of ${STUDY_SECTIONS.join(", ")}`);
const sections = (section ? [section] : STUDY_SECTIONS) as StudySection[];
const modes = ["list", "results", "slurm"].filter((m) => flag(args, m));
if (modes.length > 1) usageExit(USAGE, `--${modes.join(" and --")} cannot be combined`);
const slurmOnly = ["partition", "gres", "cpus-per-task", "time", "dry-run"].filter((o) => args.values[o] !== undefined);
if (slurmOnly.length && !flag(args, "slurm")) usageExit(USAGE, `--${slurmOnly[0]} is an option of --slurm`);
const overrides: StudyOverrides = {};
const steps = numberOption(USAGE, "steps", str(args, "steps"), 1, 10_000_000);
const seed = numberOption(USAGE, "seed", str(args, "seed"), 0, 2 ** 31 - 1);
if (steps !== undefined) overrides.steps = steps;
if (seed !== undefined) overrides.seed = seed;
for (const [name, v] of [
  ["steps", steps],
  ["seed", seed],
] as const)
  if (v !== undefined && !Number.isInteger(v)) usageExit(USAGE, `--${name} must be a whole number, got '${v}'`);
if (flag(args, "results")) {
  console.log(resultsMarkdown(resultRows(profile).filter((r) => sections.includes(r.section))));
  process.exit(0);
}

/** The study's runs now, once each (a config can appear in several sections, e.g. resnet with cross-entropy at p = 0.3). */
function planned() {
  const seen = new Set<string>();
  return sections
    .flatMap((s) => studyConfigs(s, profile, overrides).map((cfg) => ({ section: s, cfg })))
    .filter(({ cfg }) => !seen.has(runName(cfg)) && seen.add(runName(cfg)))
    .filter(({ cfg }) => !only || only.includes(runName(cfg)));
}
const only = str(args, "run")?.split(",").filter(Boolean);
if (only?.length === 0) usageExit(USAGE, `--run needs one or more run names (comma-separated), got ''`);
const configs = planned();
if (only) {
  const unknown = only.filter((n) => !configs.some(({ cfg }) => runName(cfg) === n));
  if (unknown.length)
    usageExit(
      USAGE,
      `no run named ${unknown.join(", ")} in ${section ? `section ${section}` : "the study"} at profile ${profile}${steps || seed !== undefined ? " with these --steps/--seed" : ""}; npm run study -- --list names them`,
    );
}

const store = outputDir();
const queue = queuedRuns(store);
const states = configs.map((c) => ({ ...c, ...runState(c.cfg), queued: queue.tasks.get(runName(c.cfg)) ?? null }));
/** The section column is as wide as its longest name, so the run names line up. */
const sectionWidth = Math.max(0, ...states.map(({ section: s }) => s.length));
for (const { section: s, cfg, state, step, training, damage, queued } of states) {
  const logged = `${step.toLocaleString("en-US")} of ${cfg.steps.toLocaleString("en-US")} steps logged`;
  const progress = training?.owner
    ? `${logged}; being trained by pid ${training.owner.pid} on ${training.owner.host} since ${training.owner.startedAt}`
    : state === "started"
      ? `${logged}; resumes from its last checkpoint`
      : `${cfg.steps.toLocaleString("en-US")} steps`;
  const slurm = queued && state !== "done" ? `; slurm job ${queued.jobId} ${queued.state}` : "";
  const shown = training
    ? "training"
    : queued && state !== "done"
      ? queued.state === "PENDING"
        ? "queued"
        : "slurm"
      : state;
  console.log(`${shown.padEnd(8)}  ${s.padEnd(sectionWidth)}  ${runName(cfg)}  (${progress}${slurm})`);
  if (damage) console.log(`          ${damage}`);
}
if (queue.problem)
  console.log(`note: the Slurm queue could not be read, so queued runs are not shown: ${queue.problem}`);
/** A run still to train: neither done nor damaged (a damaged one waits for its repair). */
const untrained = (state: RunState["state"]) => state !== "done" && state !== "damaged";
const missing = states.filter(({ state }) => untrained(state));
const damaged = states.filter(({ state }) => state === "damaged");
console.log(
  `${configs.length - missing.length - damaged.length} of ${configs.length} runs done at profile ${profile}${damaged.length ? `; ${damaged.length} damaged (repair each as said above; study trains the others)` : ""}`,
);
if (flag(args, "list")) process.exit(0);

if (flag(args, "slurm")) {
  // the options are checked first: a bad argument is an error even when there is nothing to submit
  const options: SlurmOptions = {
    partition: str(args, "partition"),
    gres: str(args, "gres"),
    time: str(args, "time"),
    cpusPerTask: numberOption(USAGE, "cpus-per-task", str(args, "cpus-per-task"), 1, 4096),
  };
  if (options.cpusPerTask !== undefined && !Number.isInteger(options.cpusPerTask))
    usageExit(USAGE, `--cpus-per-task must be a whole number`);
  const problem = slurmOptionProblem(options);
  if (problem) usageExit(USAGE, problem);
  const toSubmit = missing.filter(({ training, queued }) => !training && !queued);
  if (toSubmit.length === 0) {
    console.log(`nothing to submit: every run is done, being trained or already queued`);
    process.exit(0);
  }
  const script = batchScript({
    configs: toSubmit.map((c) => c.cfg),
    projectRoot: projectRoot(),
    outputDir: resolve(store),
    node: process.execPath,
    jobName: `fmnist-${profile}`,
    options,
  });
  if (flag(args, "dry-run")) {
    process.stdout.write(script);
    process.exit(0);
  }
  const jobId = submitArray(
    script,
    toSubmit.map((c) => runName(c.cfg)),
    resolve(store),
  );
  console.log(
    `submitted slurm job ${jobId}: ${toSubmit.length} task(s), ${toSubmit.map((c) => runName(c.cfg)).join(", ")}`,
  );
  console.log(
    `follow it with npm run study -- --list${profile !== "cpu" ? ` --profile ${profile}` : ""}; each task logs to slurm-${jobId}_<task>.log in its run's directory`,
  );
  process.exit(0);
}
if (missing.length === 0) process.exit(0);

const stop = stopOnInterrupt();
const outcome = await trainPlan({
  plan: planned,
  key: ({ cfg }) => runName(cfg),
  needsTraining: ({ cfg }) => untrained(runState(cfg).state),
  train: async ({ section: s, cfg }, round) => {
    if (round > 0) console.log(`joins the study now (${s}, decided by the runs just trained): ${runName(cfg)}`);
    const bar = new ProgressBar(cfg.steps, runName(cfg));
    let run;
    try {
      run = await runExperiment(cfg, {
        shouldStop: stop,
        log: (m) => process.stderr.write(`\n${m}\n`),
        onProgress: (p) => bar.update(p.step, `${p.imagesPerSecond.toFixed(0)} img/s`, false, p.etaSeconds),
      });
    } catch (err) {
      // another process trains this one: go on with the next
      if (!(err instanceof RunBusyError)) throw err;
      console.log(`skipped: ${err.message}`);
      return "skipped";
    }
    if (!run.done) return "stopped";
    bar.finish(`done in ${formatSeconds(run.done.trainSeconds)}`);
    return "done";
  },
});
if (outcome === "stopped") process.exit(130);
