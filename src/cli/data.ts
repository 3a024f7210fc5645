/** `npm run data` — check the dataset (default) or download it (`--download`). */
import { resolve } from "node:path";
import { CLASS_NAMES, PATHS, SPLIT } from "../config.js";
import { projectPath } from "../util/paths.js";
import { loadTestSetForFinalEvaluation, loadTrainingSet, locateDataset } from "../data/dataset.js";
import { downloadDataset } from "../data/download.js";
import { classCounts, originalSplit, splitFingerprint } from "../data/split.js";
import { flag, parseCli, str } from "./args.js";
import { exitOnExpectedErrors } from "./fail.js";

exitOnExpectedErrors();

const USAGE = `usage: npm run data -- [--download] [--dir DIR]

  (no flag)   find the four Fashion-MNIST files, verify their checksums, print counts
  --download  fetch the official files into data/ (or DIR) first
  --dir DIR   look only in DIR`;

const args = parseCli(USAGE, { download: { type: "boolean" }, dir: { type: "string" } });
const dirArg = str(args, "dir");

if (flag(args, "download")) {
  const dir = resolve(dirArg ?? projectPath(PATHS.data));
  let last = "";
  const written = await downloadDataset({
    dir,
    onProgress: (file, got, total) => {
      const line = `downloading ${file} ${(got / 1e6).toFixed(1)}${total ? `/${(total / 1e6).toFixed(1)}` : ""} MB`;
      if (line !== last) process.stderr.write(`\r${line}`);
      last = line;
    },
  });
  process.stderr.write("\n");
  console.log(written.length ? `downloaded ${written.length} file(s) into ${dir}` : `all files already in ${dir}`);
}

const t0 = performance.now();
const dir = locateDataset({ dir: dirArg });
const train = loadTrainingSet({ dir: dirArg });
const test = loadTestSetForFinalEvaluation({ dir: dirArg });
const ms = performance.now() - t0;
const split = originalSplit(train.labels, SPLIT.devPerClass);
const fingerprint = splitFingerprint(split.heldOut);
console.log(`dataset folder: ${dir}`);
console.log(`train: ${train.count} images, test: ${test.count} images (loaded and verified in ${ms.toFixed(0)} ms)`);
console.log(
  `split (the original's: numpy seed ${SPLIT.numpySeed}, ${SPLIT.devPerClass} per class): train ${split.train.length}, dev ${split.heldOut.length}`,
);
const trainCounts = classCounts(train.labels, split.train);
const devCounts = classCounts(train.labels, split.heldOut);
const testCounts = classCounts(test.labels);
console.log("class            train   dev  test");
CLASS_NAMES.forEach((name, c) => {
  console.log(
    `${c} ${name.padEnd(12)} ${String(trainCounts[c]).padStart(7)} ${String(devCounts[c]).padStart(5)} ${String(testCounts[c]).padStart(5)}`,
  );
});
console.log(
  `dev split sha256 ${fingerprint} (${fingerprint === SPLIT.originalDevFingerprint ? "the original's" : `NOT the original's ${SPLIT.originalDevFingerprint}`})`,
);
console.log("checksums OK");
