/** Augmented images per second on one core (default config: all five ops, p = 0.3). */
import { writeFileSync, mkdirSync } from "node:fs";
import { AUGMENT, IMAGE_PIXELS, PATHS } from "../src/config.js";
import { projectPath } from "../src/util/paths.js";
import { augmentBatch } from "../src/augment/pipeline.js";
import { Rng } from "../src/util/random.js";

const batch = 64;
const images = new Float32Array(batch * IMAGE_PIXELS);
const labels = Array.from({ length: batch }, (_, i) => i % 10);
const rng = new Rng(0);
const results: Record<string, number> = {};
for (const prob of [0.3, 0.5, 1]) {
  for (let i = 0; i < images.length; i++) images[i] = (i % 97) / 96;
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 2000) {
    augmentBatch(images, labels, rng, { prob, ops: AUGMENT.ops });
    n += batch;
  }
  const perSec = n / ((performance.now() - t0) / 1000);
  results[`p=${prob}`] = Math.round(perSec);
  console.log(`augmentProb ${prob}: ${Math.round(perSec).toLocaleString("en-US")} images/s (one core)`);
}
mkdirSync(projectPath(PATHS.bench), { recursive: true });
writeFileSync(
  projectPath(`${PATHS.bench}/augment.json`),
  JSON.stringify({ date: new Date().toISOString(), node: process.version, imagesPerSecond: results }, null, 2) + "\n",
);
