/** `npm run preview -- --out output_dir/previews/augment.png` — the augmentation preview grid. */
import { join } from "node:path";
import { PATHS } from "../config.js";
import { projectPath } from "../util/paths.js";
import { writeFileAtomic } from "../util/atomic.js";
import { previewPng, studyPreviewGrid } from "../augment/preview.js";
import { loadTrainingSet } from "../data/dataset.js";
import { numberOption, parseCli, str } from "./args.js";
import { exitOnExpectedErrors } from "./fail.js";

exitOnExpectedErrors();

const USAGE = `usage: npm run preview -- [--out FILE] [--seed N]

  --out FILE  where to write the PNG (default ${PATHS.previews}/augment.png)
  --seed N    seed of the random draws (default 0)`;

const args = parseCli(USAGE, { out: { type: "string" }, seed: { type: "string" } });
const seed = numberOption(USAGE, "seed", str(args, "seed"), 0, 2 ** 31, 0)!;
const out = str(args, "out") ?? projectPath(join(PATHS.previews, "augment.png"));
const grid = studyPreviewGrid(loadTrainingSet(), seed);
writeFileAtomic(out, previewPng(grid));
console.log(`wrote ${out} (rows: ${grid.rows.join(", ")}; first column is the original)`);
