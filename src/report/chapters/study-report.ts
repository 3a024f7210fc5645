/**
 * What the notebooks call: run (or fetch) a section's experiments, and describe their budget.
 * `FMNIST_TRAIN=never` makes a missing run a note instead of a training job.
 */
import { ORIGINAL_FINAL_STEPS, originalSteps as originalModelSteps } from "../../config.js";
import {
  describeConfig,
  epochsOf,
  runName,
  trainingImages,
  type ExperimentConfig,
  type Profile,
} from "../../experiments/config.js";
import { findRun, runExperiment, type Run } from "../../experiments/store.js";
import { studyConfigs, type StudyChoices, type StudyOverrides, type StudySection } from "../../experiments/study.js";
import { interruptInOneLine, liveLine, show, type MimeBundle } from "../display/display.js";
import { RunBusyError } from "../../train/run-lock.js";
import { markdownNote } from "../display/tables.js";
import { formatSeconds } from "../../util/format.js";
import { RunFileError } from "../../train/run-files.js";
import { scheduleLabel } from "../../train/schedule.js";
import { trainCommand } from "../../experiments/reproduce.js";

export function trainingAllowed(): boolean {
  return (process.env.FMNIST_TRAIN ?? "missing") !== "never";
}

/**
 * The finished run of a config: from the store, else trained now, with a live progress line. A
 * kernel interrupt (SIGINT: JupyterLab's Kernel → Interrupt) stops the training after the
 * current step with a checkpoint, and the progress line says so; running the cell again resumes.
 */
export async function ensureRun(cfg: ExperimentConfig, train = trainingAllowed()): Promise<Run | null> {
  const found = findRun(cfg);
  if (found || !train) return found;
  const name = runName(cfg);
  const line = liveLine();
  line(`${name}: loading the data and building the model (it is not in the store yet)…`);
  let interrupted = false;
  const onInterrupt = () => (interrupted = true);
  // Listen only once the cell's synchronous part is over: tslab runs it with vm's breakOnSigint,
  // and a SIGINT listener added during that part leaves the process with SIGINT's default
  // action when it ends, so the next interrupt would kill the kernel.
  await new Promise((resolve) => setImmediate(resolve));
  process.on("SIGINT", onInterrupt);
  const restoreStderr = interruptInOneLine(
    `${name}: interrupted; the training stops after this step and saves a checkpoint`,
  );
  let lastStep = 0;
  let run: Run;
  try {
    run = await runExperiment(cfg, {
      shouldStop: () => interrupted,
      log: (m) => line(`${name}: ${m}`),
      onProgress: (p) => {
        lastStep = p.step;
        if (p.step === 1 || p.step % 5 === 0 || p.step === p.steps) {
          line(
            `${name}: step ${p.step}/${p.steps}, ${p.imagesPerSecond.toFixed(0)} img/s, loss ${p.loss?.toFixed(4) ?? "-"}${p.devAccuracy !== null ? `, dev ${(100 * p.devAccuracy).toFixed(2)}%` : ""}, ETA ${formatSeconds(p.etaSeconds)}`,
          );
        }
      },
    });
  } finally {
    process.off("SIGINT", onInterrupt);
    restoreStderr();
  }
  line(
    `${name}: ${run.done ? `done in ${formatSeconds(run.done.trainSeconds)} on ${run.done.backend.name}` : `interrupted at step ${lastStep} of ${cfg.steps}; a checkpoint is saved: run the cell again to resume`}`,
  );
  return run.done ? run : null;
}

export interface SectionRuns {
  runs: Run[];
  missing: ExperimentConfig[];
  /** Runs whose files are damaged: each message names the file and its repair. */
  damaged: string[];
}

/**
 * Every run of a report section, in the order of studyConfigs. Missing and damaged runs are
 * listed apart, and (in a notebook) a note says which, with the commands that train or repair
 * them; the section goes on with the runs it has.
 */
export async function runSection(
  section: StudySection,
  profile: Profile,
  params: StudyOverrides & StudyChoices = {},
  opts: { quiet?: boolean; train?: boolean } = {},
): Promise<SectionRuns> {
  const out: SectionRuns = { runs: [], missing: [], damaged: [] };
  for (const cfg of studyConfigs(section, profile, params)) {
    try {
      const run = await ensureRun(cfg, opts.train ?? trainingAllowed());
      if (run) out.runs.push(run);
      else out.missing.push(cfg);
    } catch (err) {
      if (!(err instanceof RunFileError || err instanceof RunBusyError)) throw err;
      out.damaged.push(err.message);
    }
  }
  if (!opts.quiet)
    for (const note of [missingNote(out.missing, profile), damagedNote(out.damaged)]) if (note) show(note);
  return out;
}

/** A note for runs that cannot be read, or are being trained elsewhere. */
export function damagedNote(messages: string[]): MimeBundle | null {
  return messages.length ? markdownNote(`Left out of this section (${messages.length}): ${messages.join(" ")}`) : null;
}

/** One sentence stating the budget and backend of a set of runs, beside the original's. */
export function budgetNote(runs: Run[]): string {
  if (runs.length === 0) return "No finished runs at this profile yet.";
  const c = runs[0].config;
  const steps = [...new Set(runs.map((r) => r.config.steps.toLocaleString("en-US")))].join("/");
  const backends = [...new Set(runs.map((r) => r.done?.backend.name ?? "?"))].join(", ");
  const images = trainingImages(c);
  const epochs = epochsOf(c);
  const continued = runs.filter((r) => r.continuedFrom).map((r) => r.continuedFrom!.step.toLocaleString("en-US"));
  const who = runs.length === 1 ? "It" : continued.length === 1 ? "One of them" : `${continued.length} of them`;
  const continuedNote = continued.length
    ? ` ${who} went on from the last checkpoint (step ${continued.join(", ")}) of the same config with fewer steps (the schedule and every random draw follow the step, so this is the longer run's path).`
    : "";
  const original = [...new Set(runs.map((r) => originalBudget(r.config)))]
    .sort((a, b) => a - b)
    .map((s) => s.toLocaleString("en-US"));
  return `Budget: ${steps} steps of batch ${c.batchSize} (${epochs.toFixed(1)} epochs of ${images.toLocaleString("en-US")} images), profile "${c.profile}", backend ${backends}. The original trained ${original.join(" or ")} steps: these are short runs, not a reproduction of its numbers.${continuedNote} Figures below come from ${runs.length === 1 ? "this run" : `these ${runs.length} runs`} (their names, files and how each was trained: the Provenance appendix).`;
}

/** The original's budget for the same experiment: its final model's, or its model's comparison runs'. */
export function originalBudget(cfg: ExperimentConfig): number {
  return cfg.split === "final" ? ORIGINAL_FINAL_STEPS : originalModelSteps(cfg.model);
}

export const labelBy = {
  model: (r: Run) => r.config.model,
  loss: (r: Run) => r.config.loss,
  augmentProb: (r: Run) => `p=${r.config.augmentProb}`,
  ops: (r: Run) => r.config.augmentOps.join("+"),
  schedule: (r: Run) => scheduleLabel(r.config.schedule),
};

export function pct(x: number | undefined | null): number | null {
  return x === undefined || x === null ? null : 100 * x;
}

/** A note for runs missing from the store, with the command that trains them. */
export function missingNote(missing: ExperimentConfig[], profile: Profile): MimeBundle | null {
  if (missing.length === 0) return null;
  const runs = missing.map((cfg) => `${describeConfig(cfg)} (\`${trainCommand(cfg)}\`)`);
  return markdownNote(`Not yet trained at profile ${profile} (${missing.length}): ${runs.join("; ")}.`);
}
