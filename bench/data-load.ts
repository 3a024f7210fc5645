/** Time to load and verify all 70,000 images (gunzip, header checks, SHA-256, scaling to [0,1]). */
import { mkdirSync, writeFileSync } from "node:fs";
import { PATHS } from "../src/config.js";
import { projectPath } from "../src/util/paths.js";
import { loadTestSetForFinalEvaluation, loadTrainingSet, locateDataset } from "../src/data/dataset.js";

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
mkdirSync(projectPath(PATHS.bench), { recursive: true });
writeFileSync(
  projectPath(`${PATHS.bench}/data-load.json`),
  JSON.stringify({ date: new Date().toISOString(), node: process.version, milliseconds: runs, bestMs: best }, null, 2) +
    "\n",
);
