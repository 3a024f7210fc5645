/**
 * The demo chapter: which final model the demo runs, read from the model exported in the run
 * store, and what it takes to make the study's final model the demo's where it is not.
 */
import { describeConfig, runName, type ExperimentConfig, type Profile } from "../../experiments/config.js";
import { trainCommand } from "../../experiments/reproduce.js";
import { exportedRunName, hasTrainedModel, runExportDir } from "../../experiments/run-model.js";
import { findRun, type Run } from "../../experiments/store.js";
import { finalConfig, studyFinalConfig, type StudyOverrides } from "../../experiments/study.js";
import { demoModelDir, displayPath, outputDir } from "../../util/paths.js";

export interface DemoModel {
  /** The final run whose model the demo serves; null when the demo's folder holds none of them. */
  run: Run | null;
  /** Which model that is, the other final model beside it, and the commands to change it (markdown). */
  note: string;
}

/** A finished run's test accuracy as the note cites it, where its eval.json holds one. */
function scored(run: Run | null): string {
  const accuracy = (run?.evaluation as { accuracy?: number } | null)?.accuracy;
  return typeof accuracy === "number" ? `, ${(100 * accuracy).toFixed(2)}% on the test set` : "";
}

/** What decides the demo chapter's note: the two final models' configs and runs, and what is exported where. */
export interface DemoFacts {
  studyCfg: ExperimentConfig;
  faithfulCfg: ExperimentConfig;
  study: Run | null;
  faithful: Run | null;
  /** The demo's model folder, and the run exported there (null: none, or an unreadable meta.json). */
  dir: string;
  exported: string | null;
  /** The faithful reproduction's own export folder, where one of it is there. */
  faithfulExport: string | null;
  /** Whether the study's final model can be loaded here (a checkpoint or an export). */
  studyHasModel: boolean;
}

/**
 * The demo's model (the export in `final_model/` of the store): the study's final model (trained
 * with the schedule the dev split chose), the faithful reproduction (the original's schedule), or
 * neither; said in words, with where the other final model's export is and how to serve it.
 */
export function demoModel(profile: Profile, overrides: StudyOverrides = {}, store: string = outputDir()): DemoModel {
  const studyCfg = studyFinalConfig(profile, overrides, store);
  const faithfulCfg = finalConfig(profile, overrides);
  const study = findRun(studyCfg, store);
  const faithful = findRun(faithfulCfg, store);
  const dir = demoModelDir(store);
  const own = faithful ? runExportDir(faithful) : null;
  return demoModelFrom({
    studyCfg,
    faithfulCfg,
    study,
    faithful,
    dir,
    exported: exportedRunName(dir),
    faithfulExport: own && exportedRunName(own) === faithful?.name ? own : null,
    studyHasModel: study !== null && hasTrainedModel(study),
  });
}

/** The demo chapter's note from the facts (see demoModel). */
export function demoModelFrom(f: DemoFacts): DemoModel {
  const { study, faithful, dir } = f;
  const distinct = runName(f.studyCfg) !== runName(f.faithfulCfg);
  const studyWords = `${distinct ? "the study's final model" : "the final model"} (${describeConfig(f.studyCfg)}${scored(study)})`;
  const faithfulWords = `the faithful reproduction (${describeConfig(f.faithfulCfg)}${scored(faithful)})`;
  const where = `exported in \`${displayPath(dir)}\``;
  // how the study's final model becomes the demo's, from where it stands
  const makeStudyDemo = !study
    ? `it is not trained yet: \`${trainCommand(f.studyCfg)}\`, then \`npm run export -- ${runName(f.studyCfg)}\``
    : f.studyHasModel
      ? `\`npm run export -- ${study.name}\` makes it the demo's`
      : `its weights are not in this checkout (checkpoints are not committed, and it was not exported), so it must be trained again (\`${trainCommand(f.studyCfg)}\`, after moving its run folder away) before \`npm run export -- ${study.name}\``;

  if (study && f.exported === study.name) {
    if (!distinct) return { run: study, note: `The demo runs ${studyWords}, ${where}.` };
    const other = f.faithfulExport
      ? `Beside it, ${faithfulWords} is exported in \`${displayPath(f.faithfulExport)}\`: \`npm run demo -- --model ${displayPath(f.faithfulExport)}\` serves it instead.`
      : `Beside it stands ${faithfulWords}, not exported here.`;
    return { run: study, note: `The demo runs **${studyWords}**, ${where}. ${other}` };
  }
  if (faithful && f.exported === faithful.name)
    return {
      run: faithful,
      note: `The demo runs **${faithfulWords}**, ${where}, not ${studyWords}: ${makeStudyDemo}.`,
    };
  return {
    run: null,
    note: `The demo's model folder \`${displayPath(dir)}\` ${f.exported ? `holds ${f.exported}, not a final model of profile "${f.studyCfg.profile}"` : "holds no exported model"}. For ${studyWords}: ${makeStudyDemo}.`,
  };
}
