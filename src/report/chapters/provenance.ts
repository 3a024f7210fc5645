/**
 * The Provenance appendix: every run the report draws on, at a profile, with what it is (its
 * config in words), where its files are, how and when it was trained (backend, time, the
 * machine and its load, the code's commit), so the prose can name runs without their paths.
 */
import { describeConfig, runName, type ExperimentConfig, type Profile } from "../../experiments/config.js";
import { runsDir, runState } from "../../experiments/store.js";
import { STUDY_SECTIONS, studyConfigs, type StudySection } from "../../experiments/study.js";
import { formatSeconds } from "../../util/format.js";
import { describeMachine } from "../../util/machine.js";
import { displayPath } from "../../util/paths.js";
import type { MimeBundle } from "../display/display.js";
import { table, type Cell } from "../display/tables.js";

interface ProvenanceRow {
  sections: StudySection[];
  cfg: ExperimentConfig;
}

/** Every run of the study at a profile, once, with the sections that use it. */
export function studyRuns(profile: Profile, outputDir?: string): ProvenanceRow[] {
  const rows = new Map<string, ProvenanceRow>();
  for (const section of STUDY_SECTIONS) {
    for (const cfg of studyConfigs(section, profile, { outputDir })) {
      const row = rows.get(runName(cfg)) ?? { sections: [], cfg };
      row.sections.push(section);
      rows.set(runName(cfg), row);
    }
  }
  return [...rows.values()];
}

export function provenanceTable(profile: Profile, outputDir?: string): MimeBundle {
  const rows: Cell[][] = studyRuns(profile, outputDir).map(({ sections, cfg }) => {
    const { state, run } = runState(cfg, outputDir);
    const done = run?.done;
    const code = done?.code ? `${done.code.commit.slice(0, 10)}${done.code.modified ? " (modified)" : ""}` : null;
    return [
      runName(cfg),
      sections.join(", "),
      describeConfig(cfg),
      done
        ? [
            `${done.backend.name}${done.engine === "compiled" ? " (compiled step)" : ""}`,
            done.machine && describeMachine(done.machine),
          ]
            .filter(Boolean)
            .join(" on ")
        : state,
      done ? formatSeconds(done.trainSeconds) : null,
      done ? [done.finishedAt?.slice(0, 10), code].filter(Boolean).join(", ") : null,
    ];
  });
  return table(
    ["run", "sections", "config", "backend on machine (mean load)", "time", "trained (date, commit)"],
    rows,
    `Every run of the study at profile ${profile}: its config in words and how it was trained. Its files are in ${displayPath(runsDir(outputDir))}/<run>/: config.json, metrics.jsonl, dev-predictions.json, done.json, and eval.json for a final run. A run marked "compiled step" trained through one TensorFlow graph a step; the others op by op (the eager path)`,
  );
}
