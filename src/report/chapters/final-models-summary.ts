/**
 * The final models in one paragraph, as the schedule, final-model and demo chapters state them
 * from the run store: the schedule the dev split chose, both final models on the test set, and
 * which one the demo runs. The README carries it (scripts/readme-results.ts).
 */
import type { Profile } from "../../experiments/config.js";
import { findRun, type Run } from "../../experiments/store.js";
import { scheduleCandidates } from "../../experiments/study.js";
import { scoreRuns } from "../statistics/findings.js";
import { demoModel } from "./demo-chapter.js";
import { earlierTestLook } from "./final-model-chapter.js";
import { finalModelSubject, finalsText, scheduleChoiceNote, scheduleFinals } from "./schedule-chapter.js";
import { labelBy } from "./study-report.js";

export async function finalModelsSummary(profile: Profile): Promise<string> {
  const candidates = scheduleCandidates(profile)
    .map((cfg) => findRun(cfg))
    .filter((r): r is Run => r !== null);
  const choice = scheduleChoiceNote(profile, {}, await scoreRuns(candidates, labelBy.schedule))["text/plain"];
  const finals = await scheduleFinals(profile, {}, false);
  const seeds =
    finals.length > 0
      ? " Each final model is one training seed: the spread between seeds (the findings chapter measures it at the comparison budget) is not part of these tests."
      : "";
  // a final model whose config was scored before (a shorter run, an earlier training): said, as its chapter says it
  const earlier = finals.flatMap((s) => {
    const look = earlierTestLook(s.run);
    return look ? [` ${finalModelSubject(s.label)}: ${look}`] : [];
  });
  return `${choice} ${finalsText(finals)}${earlier.join("")}${seeds} ${demoModel(profile).note}`;
}
