/** `npm run study` — every experiment of the report at a profile: list them, or run the missing ones. */
import { PROFILES, runName, type Profile } from "../experiments/config.js";
import { resultRows, resultsMarkdown } from "../experiments/results.js";
import { runExperiment, runState } from "../experiments/store.js";
import { RunBusyError } from "../train/run-lock.js";
import { STUDY_SECTIONS, studyConfigs, type StudySection } from "../experiments/study.js";
import { flag, parseCli, str, usageExit } from "./args.js";
import { stopOnInterrupt } from "./interrupt.js";
import { formatSeconds } from "../util/format.js";
import { ProgressBar } from "./progress.js";
import { exitOnExpectedErrors } from "./fail.js";

exitOnExpectedErrors();

const USAGE = `usage: npm run study -- [--profile ${PROFILES.join("|")}] [--section NAME] [--list | --results]

  --profile P   the budget (default cpu)
  --section S   only one of: ${STUDY_SECTIONS.join(", ")}
  --list        only list the runs (done, started or missing); train nothing
  --results     print the results table (Markdown: ours, the original, budget, backend and
                the command that reproduces each row); train nothing

Runs each missing experiment of the report in turn (finished ones are skipped; an
interrupted one resumes). Ctrl-C stops after a checkpoint.`;

const args = parseCli(USAGE, { profile: { type: "string" }, section: { type: "string" }, list: { type: "boolean" }, results: { type: "boolean" } });
const profile = (str(args, "profile") ?? "cpu") as Profile;
if (!(PROFILES as readonly string[]).includes(profile)) usageExit(USAGE, `unknown profile '${profile}'`);
const section = str(args, "section");
if (section && !(STUDY_SECTIONS as readonly string[]).includes(section)) usageExit(USAGE, `unknown section '${section}'; expected one of ${STUDY_SECTIONS.join(", ")}`);
const sections = (section ? [section] : STUDY_SECTIONS) as StudySection[];
if (flag(args, "results")) {
  console.log(resultsMarkdown(resultRows(profile).filter((r) => sections.includes(r.section))));
  process.exit(0);
}

// The same config can appear in several sections (e.g. resnet with cross-entropy at p = 0.3).
const seen = new Set<string>();
const configs = sections.flatMap((s) => studyConfigs(s, profile).map((cfg) => ({ section: s, cfg }))).filter(({ cfg }) => !seen.has(runName(cfg)) && seen.add(runName(cfg)));
const states = configs.map((c) => ({ ...c, ...runState(c.cfg) }));
const missing = states.filter(({ state }) => state !== "done" && state !== "damaged");
const damaged = states.filter(({ state }) => state === "damaged");
for (const { section: s, cfg, state, step, training, damage } of states) {
  const steps = `${step.toLocaleString("en-US")} of ${cfg.steps.toLocaleString("en-US")} steps logged`;
  const progress = training?.owner
    ? `${steps}; being trained by pid ${training.owner.pid} on ${training.owner.host} since ${training.owner.startedAt}`
    : state === "started"
      ? `${steps}; resumes from its last checkpoint`
      : `${cfg.steps.toLocaleString("en-US")} steps`;
  console.log(`${(training ? "training" : state).padEnd(8)}  ${s.padEnd(13)} ${runName(cfg)}  (${progress})`);
  if (damage) console.log(`          ${damage}`);
}
console.log(`${configs.length - missing.length - damaged.length} of ${configs.length} runs done at profile ${profile}${damaged.length ? `; ${damaged.length} damaged (repair each as said above; study trains the others)` : ""}`);
if (flag(args, "list") || missing.length === 0) process.exit(0);

const stop = stopOnInterrupt();
for (const { cfg } of missing) {
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
    continue;
  }
  if (!run.done) process.exit(130);
  bar.finish(`done in ${formatSeconds(run.done.trainSeconds)}`);
}
