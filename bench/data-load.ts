/** Time to load and verify all 70,000 images (gunzip, header checks, SHA-256, scaling to [0,1]). */
import { benchResultPath, SAVE_REFERENCE_OPTION } from "../src/util/paths.js";
import { writeJsonAtomic } from "../src/util/atomic.js";
import { flag, parseCli } from "../src/cli/args.js";
import { loadTestSetForFinalEvaluation, loadTrainingSet, locateDataset } from "../src/data/dataset.js";

const USAGE = `usage: npm run bench:data -- [--${SAVE_REFERENCE_OPTION}]

  --${SAVE_REFERENCE_OPTION}  replace the reference figures (output_dir/bench/data-load.json); without it they go to bench/latest/`;
const args = parseCli(USAGE, { [SAVE_REFERENCE_OPTION]: { type: "boolean" } });

const runs: number[] = [];
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const n = loadTrainingSet().count + loadTestSetForFinalEvaluation().count;
  runs.push(performance.now() - t0);
  if (n !== 70_000) throw new Error(`loaded ${n} images, expected 70000`);
}
const best = Math.min(...runs);
console.log(
  `loaded and verified 70,000 images from ${locateDataset()} in ${runs.map((r) => r.toFixed(0)).join(", ")} ms (best ${best.toFixed(0)} ms; target < 2000 ms)`,
);
const out = benchResultPath("data-load.json", flag(args, SAVE_REFERENCE_OPTION));
writeJsonAtomic(out, { date: new Date().toISOString(), node: process.version, milliseconds: runs, bestMs: best });
console.log(`wrote ${out}`);
