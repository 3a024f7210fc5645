/** Augmented images per second on one core (default config: all five ops, p = 0.3). */
import { AUGMENT, IMAGE_PIXELS } from "../src/config.js";
import { benchResultPath, SAVE_REFERENCE_OPTION } from "../src/util/paths.js";
import { writeJsonAtomic } from "../src/util/atomic.js";
import { flag, parseCli } from "../src/cli/args.js";
import { augmentBatch } from "../src/augment/pipeline.js";
import { Rng } from "../src/util/random.js";

const USAGE = `usage: npm run bench:augment -- [--${SAVE_REFERENCE_OPTION}]

  --${SAVE_REFERENCE_OPTION}  replace the reference figures (output_dir/bench/augment.json); without it they go to bench/latest/`;
const args = parseCli(USAGE, { [SAVE_REFERENCE_OPTION]: { type: "boolean" } });

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
const out = benchResultPath("augment.json", flag(args, SAVE_REFERENCE_OPTION));
writeJsonAtomic(out, { date: new Date().toISOString(), node: process.version, imagesPerSecond: results });
console.log(`wrote ${out}`);
