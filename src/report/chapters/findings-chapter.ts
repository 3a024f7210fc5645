/**
 * The closing chapter: every experiment of the study in one table (ours at this budget with its
 * 95% interval, the original's dev accuracy at the same step where its logs have it, the
 * original's reported figure), and the conclusions that hold: the original's claims that our
 * runs decide, either way, beyond chance; then what the schedule candidates and the final models
 * show beyond the original.
 */
import { ORIGINAL_RESULTS, originalDevAccuracy } from "../../config.js";
import type { Profile } from "../../experiments/config.js";
import type { Run } from "../../experiments/store.js";
import {
  CLAIM_SECTIONS,
  claimChoices,
  SCHEDULE_MODEL,
  SPREAD_SEEDS,
  STUDY_SECTIONS,
  type StudySection,
} from "../../experiments/study.js";
import type { MimeBundle } from "../display/display.js";
import {
  ALPHA,
  formatInterval,
  ORIGINAL_CLAIMS,
  scoreRuns,
  sectionFindings,
  type OriginalClaim,
  type Scored,
} from "../statistics/findings.js";
import {
  claimsAcrossSeeds,
  claimsCounted,
  claimsTableRows,
  CLAIMS_TABLE_HEADERS,
  conclusionsAcrossSeeds,
  describeClaimAcrossSeeds,
  notResolvedExcludingZero,
  plural,
  SEEDS_FOR_A_CONCLUSION,
  verdictCounts,
  type ClaimAcrossSeeds,
  type SectionScores,
} from "../statistics/seed-findings.js";
import { longStatements } from "../statistics/augmentation-long.js";
import { loadOriginalCurves, originalDevAt } from "../statistics/original-curves.js";
import { finalsText, scheduleFinals } from "./schedule-chapter.js";
import { labelBy, originalBudget, runSection } from "./study-report.js";
import { markdownNotes, table } from "../display/tables.js";

/** The sections compared in the findings, and how each labels its runs in its claims. */
const LABELS: Partial<Record<StudySection, (r: Run) => string>> = {
  architectures: labelBy.model,
  losses: labelBy.loss,
  augmentation: labelBy.augmentProb,
  ablation: (r) => `only ${r.config.augmentOps.join("+")}`,
  schedule: labelBy.schedule,
  augmentation_long: labelBy.augmentProb,
  equal_step: labelBy.model,
};

const CLAIMS: Partial<Record<StudySection, OriginalClaim[]>> = ORIGINAL_CLAIMS;

function originalReported(section: StudySection, run: Run): number | null {
  if (section === "architectures") return originalDevAccuracy(run.config.model);
  if (section === "losses") return ORIGINAL_RESULTS.losses[run.config.loss] ?? null;
  if (section === "augmentation" && run.config.augmentProb === 0.3) return originalDevAccuracy("resnet");
  return null;
}

export interface StudyFindings {
  table: MimeBundle;
  /** The original's claims across seeds, one row each. */
  claimsTable: MimeBundle;
  conclusions: MimeBundle;
  /** What the findings rest on: each budget, the seeds, the number of claims tested. */
  caveat: MimeBundle;
}

/** The sections of runs beyond the profile's comparison budget. */
const BEYOND_BUDGET: readonly StudySection[] = ["augmentation_long", "equal_step"];

/**
 * Every claim of the original, tested across the seeds the store holds (seed 0 and SPREAD_SEEDS),
 * at `profile`'s budget, Holm-corrected together.
 */
export async function storedClaimsAcrossSeeds(profile: Profile): Promise<ClaimAcrossSeeds[]> {
  const sections: SectionScores[] = [];
  for (const section of CLAIM_SECTIONS) {
    const scored: Scored[] = [];
    for (const seed of [0, ...SPREAD_SEEDS]) {
      const { runs } = await runSection(
        section,
        profile,
        { seed, ...claimChoices(section) },
        { quiet: true, train: false },
      );
      scored.push(...(await scoreRuns(runs, LABELS[section]!)));
    }
    sections.push({ section, scored, claims: CLAIMS[section] ?? [] });
  }
  return claimsAcrossSeeds(sections);
}

/**
 * One chapter's claims across seeds (the Holm correction still counts every claim the study
 * tests, so a chapter and the findings chapter say the same).
 */
export async function claimsAcrossSeedsNote(profile: Profile, section: StudySection): Promise<MimeBundle> {
  const all = await storedClaimsAcrossSeeds(profile);
  const tested = all.filter((c) => c.difference).length;
  const own = all.filter((c) => c.section === section);
  if (own.length === 0) return markdownNotes([`Across seeds: no finished runs of this chapter's claims yet.`]);
  return markdownNotes([
    tested
      ? `Across seeds (seeds 0, ${SPREAD_SEEDS.join(" and ")}; the seed-paired difference with Student's t, Holm-corrected over the ${plural(tested, "claim")} the study tests; McNemar per seed):`
      : `Across seeds (seeds 0, ${SPREAD_SEEDS.join(" and ")}): no claim of the study has all three seeds on both sides yet, so none is tested; what the seeds so far show:`,
    own.map((c) => describeClaimAcrossSeeds(c, tested)),
  ]);
}

/**
 * The original's augmentation statements over long training, checked on the scored long runs: a
 * heading and the three statements; null until p = 0 and p = 0.3 are both there.
 */
export function longAugmentationBlocks(scored: Scored[]): [string, string[]] | null {
  const long = longStatements(
    scored.map((s) => s.run),
    scored,
    labelBy.augmentProb,
  );
  if (!long) return null;
  return [
    `The original's augmentation statements over long training, where it made them (resnet, ${long.lastStep.toLocaleString("en-US")} steps, seed 0 only, so McNemar's test of the best checkpoints on the dev images and no seed-level test):`,
    long.items,
  ];
}

/** The findings of every section at `profile`, from the run store. */
export async function studyFindings(profile: Profile): Promise<StudyFindings> {
  const curves = loadOriginalCurves();
  const rows: (string | number | null)[][] = [];
  /** steps → the sections with runs of that many steps, and the original's budgets for them */
  const budgets = new Map<number, { sections: Set<string>; original: Set<number> }>();
  let devImages: number | undefined;
  let schedules: Scored[] = [];
  let longAugmentation: Scored[] = [];
  const listed = new Set<string>();
  for (const section of STUDY_SECTIONS) {
    const labelOf = LABELS[section];
    if (!labelOf) continue;
    const { runs } = await runSection(section, profile, {}, { quiet: true, train: false });
    // dev runs only: the schedule section's final model is scored on the test set, below; the
    // longer runs' sections leave out runs listed already (at a profile whose final budget is
    // its comparison budget, the equal-step runs are the architectures' own)
    const dev = await scoreRuns(
      runs.filter((r) => r.config.split === "dev"),
      labelOf,
    );
    const scored = dev.filter((s) => !(BEYOND_BUDGET.includes(section) && listed.has(s.run.name)));
    for (const s of scored) listed.add(s.run.name);
    devImages ??= scored[0]?.n;
    if (section === "schedule") schedules = scored;
    // the statements read all of the section's runs, listed in the table already or not
    if (section === "augmentation_long") longAugmentation = dev;
    for (const s of scored) {
      const step = s.run.done!.steps;
      const b = budgets.get(step) ?? { sections: new Set(), original: new Set() };
      b.sections.add(section);
      b.original.add(originalBudget(s.run.config));
      budgets.set(step, b);
      const sameStep = originalDevAt(curves, s.run.config.model, step);
      const last = s.run.done!.last;
      rows.push([
        section,
        s.label,
        step,
        100 * s.accuracy,
        formatInterval(s.interval),
        last && last.step === step ? 100 * last.accuracy : null,
        sameStep === null ? null : 100 * sameStep,
        originalReported(section, s.run),
      ]);
    }
  }
  const t = table(
    [
      "section",
      "experiment",
      "steps",
      "ours: best dev %",
      "95% interval",
      "ours: dev % at the last step",
      "original: dev % at that step",
      "original: reported %",
    ],
    rows,
    `Every experiment at profile ${profile}, seed 0, each at its own budget (the steps column): a row of more steps is not comparable with one of fewer. "Best" is the best of a run's dev evaluations; at its last step it compares with the original at the same step, from the original's TensorBoard logs (simple_model_1, simple_model_2, inception). The original's reported figures are plateau readings after 200,000 or 300,000 steps.`,
  );
  const claims = await storedClaimsAcrossSeeds(profile);
  const blocks = conclusionsAcrossSeeds(claims, devImages);
  blocks.push(...(longAugmentationBlocks(longAugmentation) ?? []));
  if (schedules.length > 1)
    blocks.push(
      `Beyond the original, the learning-rate schedule (${SCHEDULE_MODEL}, dev split, seed 0, ${schedules[0].run.config.steps.toLocaleString("en-US")} steps): ${sectionFindings(schedules)}`,
    );
  const finals = await scheduleFinals(profile, {}, false);
  if (finals.length) blocks.push(`The final models on the test set: ${finalsText(finals)}`);
  return {
    table: t,
    claimsTable: claimsAcrossSeedsTable(claims),
    conclusions: markdownNotes(blocks),
    caveat: caveatNote(budgets, claims),
  };
}

/** The claims across seeds as one table, its caption saying what was tested and how. */
function claimsAcrossSeedsTable(claims: ClaimAcrossSeeds[]): MimeBundle {
  const tested = claims.filter((c) => c.difference).length;
  const steps = claims[0]?.perSeed[0]?.comparison.a.run.config.steps;
  const budget = steps === undefined ? "" : ` at ${steps.toLocaleString("en-US")} steps`;
  return table(
    CLAIMS_TABLE_HEADERS,
    claimsTableRows(claims),
    `The original's claims${budget}, each across the seeds both its configs have: "better − worse" follows the claim, so a negative difference goes against it; Student's t on the seed-paired differences, Holm-corrected over the ${plural(tested, "claim")} tested (p < ${ALPHA}). ${verdictCounts(claims)}`,
  );
}

/** How many of the original's claims the seed test covered, in the caveat's words. */
export function claimsTestedWords(tested: number, total: number): string {
  const words = `test ${claimsCounted(tested, total)} across ${SEEDS_FOR_A_CONCLUSION} seeds at the comparison budget`;
  if (tested === total) return words;
  if (tested === 0) return `${words} (none has ${SEEDS_FOR_A_CONCLUSION} seeds on both sides yet)`;
  const open = total - tested;
  return `${words} and leave ${open === 1 ? "the other one" : `the other ${open}`} open`;
}

/** The closing caveat, from what the store holds: each budget and its share of the original's, the seeds, the claims tested. */
function caveatNote(
  budgets: Map<number, { sections: Set<string>; original: Set<number> }>,
  claims: ClaimAcrossSeeds[],
): MimeBundle {
  if (budgets.size === 0) return markdownNotes(["No finished runs at this profile yet: nothing is concluded."]);
  const percent = (x: number) => (x < 1 ? x.toFixed(2) : x.toFixed(1));
  const each = [...budgets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([steps, { sections, original }]) => {
      const o = [...original].sort((a, b) => a - b);
      const shares = [...new Set([o[o.length - 1], o[0]].map((x) => percent((100 * steps) / x)))].join("–");
      const originals = [...new Set([o[0], o[o.length - 1]])].map((x) => x.toLocaleString("en-US")).join("–");
      return `${steps.toLocaleString("en-US")} steps (${[...sections].join(", ")}): ${shares}% of the original's ${originals}`;
    });
  const tested = claims.filter((c) => c.difference).length;
  return markdownNotes([
    `What these findings rest on. Budgets: ${each.join("; ")}. The table holds one seed (0) per experiment; the conclusions above ${claimsTestedWords(tested, claims.length)}.${fewSeedsWords(claims, tested)} A claim not resolved here may well be resolved by the original's full budget or by more seeds.`,
  ]);
}

/** What few seeds cost: the claims whose seed-paired interval excludes zero without surviving Holm's correction. */
export function fewSeedsWords(claims: ClaimAcrossSeeds[], tested: number): string {
  const unsettled = notResolvedExcludingZero(claims);
  if (unsettled.length === 0) return "";
  const seeds = unsettled[0].difference!.n;
  const names = unsettled
    .map(({ claim: { better, worse }, difference }) =>
      difference!.mean > 0 ? `${better} over ${worse}` : `${worse} over ${better}, against the original`,
    )
    .join("; ");
  const have =
    unsettled.length === 1
      ? "has a seed-paired 95% interval that excludes"
      : "have seed-paired 95% intervals that exclude";
  return ` With ${seeds} seeds Student's t has ${seeds - 1} degrees of freedom, so only a large and steady difference survives Holm's correction over ${plural(tested, "claim")}: ${unsettled.length} of the claims not resolved (${names}) ${have} zero without surviving it.`;
}
