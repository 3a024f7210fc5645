/**
 * The library as the notebooks import it: `import * as study from "fashion-mnist-study"`.
 * (Built to CommonJS in dist/cjs by `npm run build`, which tslab's compiler can load.)
 */
export * from "./config.js";
export * from "./util/paths.js";
export { Rng } from "./util/random.js";
export { initBackend, type BackendInfo } from "./runtime/backend.js";
export {
  loadTrainingSet,
  loadTestSetForFinalEvaluation,
  locateDataset,
  describeDatasetSource,
  subset,
  type LabelledImages,
} from "./data/dataset.js";
export { originalSplit, splitFingerprint, classCounts } from "./data/split.js";
export { examplesOfClasses, mostAsymmetricOfClass } from "./data/examples.js";
export { augmentBatch, validateAugmentConfig } from "./augment/pipeline.js";
export { previewGrid, previewPng } from "./augment/preview.js";
export { encodeGrayPng } from "./util/png.js";
export { buildModel, countTrainableParams, BLOCKS, type BlockName } from "./models/architectures.js";
export { modelDiagram, blockDiagram, modelCaption, blockCaption } from "./report/display/diagram.js";
export { provenanceTable } from "./report/chapters/provenance.js";
export { summarizeModel, summaryToHtml } from "./models/summary.js";
export { learningRateAt, scheduleLabel } from "./train/schedule.js";
export {
  makeConfig,
  describeConfig,
  runName,
  checkProfile,
  profileSteps,
  PROFILES,
  PROFILE_DEFAULTS,
  type ExperimentConfig,
  type Profile,
} from "./experiments/config.js";
export { runExperiment, findRun, listRuns, loadRun, type Run } from "./experiments/store.js";
export {
  studyConfigs,
  finalConfig,
  studyFinalConfig,
  scheduleCandidates,
  COSINE_PEAKS,
  SCHEDULE_MODEL,
  AUGMENT_PROBS,
  STUDY_MODELS,
  STUDY_LOSSES,
  STUDY_SECTIONS,
  type StudyChoices,
  type StudyOverrides,
} from "./experiments/study.js";
export { evaluateRunOnTestSet, loadRunModel } from "./experiments/run-model.js";
export { show, liveLine, insideNotebook } from "./report/display/display.js";
export {
  accuracyCurves,
  trainingCurve,
  perClassBars,
  comparisonDots,
  confusionHeatmap,
  learningRateCurves,
} from "./report/display/charts.js";
export { table, markdownNote } from "./report/display/tables.js";
export { demoFigure } from "./report/print/demo-screenshot.js";
export { claimsAcrossSeedsNote, studyFindings } from "./report/chapters/findings-chapter.js";
export { curveDistanceNote } from "./report/statistics/curve-distance.js";
export { longAugmentationNote } from "./report/statistics/augmentation-long.js";
export {
  scheduleChoiceNote,
  scheduleFinals,
  finalsTable,
  finalsNote,
  goalSentence,
} from "./report/chapters/schedule-chapter.js";
export {
  scoreRuns,
  scoreTest,
  sectionFindings,
  findingsNote,
  seedSpread,
  spreadNote,
  compare,
  describeComparison,
  ORIGINAL_CLAIMS,
  ALPHA,
} from "./report/statistics/findings.js";
export { wilsonInterval, mcnemarExact, pairedTest } from "./util/stats.js";
export {
  loadOriginalCurves,
  originalDevAt,
  sameStepChart,
  sameStepTable,
  sameStepRows,
} from "./report/statistics/original-curves.js";
export { runsFrame, architectureFrame, frameTable, RUN_COLUMNS, CLASS_COLUMNS } from "./report/display/dataframes.js";
export { benchTable, benchFrame, readBench } from "./report/display/bench-table.js";
export { compiledProfileTable, profileTable } from "./report/display/profile-table.js";
export { ensureRun, runSection, budgetNote, labelBy, pct, missingNote } from "./report/chapters/study-report.js";
/** A run's best dev accuracy with its 95% interval (%), for the notebooks' charts. */
export { devInterval as intervalPct } from "./experiments/results.js";
export { architectureRows, equalStepRuns } from "./report/chapters/architectures-chapter.js";
export {
  testEvaluation,
  testPredictions,
  finalTable,
  earlierTestLook,
  confusedPairs,
  confusedPairsTable,
} from "./report/chapters/final-model-chapter.js";
export { demoModel } from "./report/chapters/demo-chapter.js";
export { finalModelsSummary } from "./report/chapters/final-models-summary.js";
export {
  pngFigure,
  imageStrip,
  classExamples,
  splitTable,
  augmentationPreview,
  augmentationParameters,
  modelsTable,
  layerTable,
  scheduleTable,
  misclassifiedGallery,
  demoPreprocessingFigure,
  tensorOf,
} from "./report/display/figures.js";
export { preprocessFrame, topK, centredSquare } from "./demo/preprocess.js";
export { predictClasses } from "./train/evaluate.js";
