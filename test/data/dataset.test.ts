import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DATASET, SPLIT } from "../../src/config.js";
import { loadTestSetForFinalEvaluation, loadTrainingSet, locateDataset, subset } from "../../src/data/dataset.js";
import { DatasetError } from "../../src/data/errors.js";
import { classCounts, stratifiedSplit } from "../../src/data/split.js";
import { idxBytes, realDataDir, REAL_DATA_SKIP_REASON, syntheticImages, tmpDir, writeTinyDataset } from "../helpers/fixtures.js";

const custom = { allowCustomDataset: true };

function expectProblem(fn: () => unknown, problem: string, fileHint: string, messageHint: RegExp) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DatasetError);
    const e = err as DatasetError;
    expect(e.problem).toBe(problem);
    expect(e.message).toContain(fileHint);
    expect(e.message).toMatch(messageHint);
    return;
  }
  throw new Error("expected a DatasetError");
}

describe("loading tiny IDX files", () => {
  it("returns images in [0,1] and the labels", () => {
    const dir = tmpDir();
    const { trainLabels } = writeTinyDataset(dir, 30, 10);
    const train = loadTrainingSet({ dir, ...custom });
    expect(train.count).toBe(30);
    expect(train.images.length).toBe(30 * 784);
    expect(Array.from(train.labels)).toEqual(Array.from(trainLabels));
    const raw = syntheticImages(trainLabels);
    expect(train.images[100]).toBeCloseTo(raw[100] / 255, 6);
    expect(Math.max(...train.images)).toBeLessThanOrEqual(1);
    expect(loadTestSetForFinalEvaluation({ dir, ...custom }).count).toBe(10);
  });

  it("refuses non-official files unless the custom dataset is opted into", () => {
    const dir = tmpDir();
    writeTinyDataset(dir);
    expectProblem(() => loadTrainingSet({ dir }), "checksum", DATASET.files.trainImages.name, /expected c59f468a/);
  });

  it("names where it looked when files are missing", () => {
    const dir = tmpDir();
    expectProblem(() => locateDataset({ dir }), "missing", "train-images", new RegExp(`Looked in: ${dir}.*npm run data -- --download`));
  });

  it("tells a truncated gzip", () => {
    const dir = tmpDir();
    writeTinyDataset(dir);
    const p = join(dir, DATASET.files.trainImages.name);
    const gz = readFileSync(p);
    writeFileSync(p, gz.subarray(0, gz.length >> 1));
    expectProblem(() => loadTrainingSet({ dir, ...custom }), "truncated", p, /truncated/);
  });

  it("tells a file that is not gzip", () => {
    const dir = tmpDir();
    writeTinyDataset(dir);
    const p = join(dir, DATASET.files.trainLabels.name);
    writeFileSync(p, "<html>not found</html>");
    expectProblem(() => loadTrainingSet({ dir, ...custom }), "not-gzip", p, /not a gzip file/);
  });

  it("tells a wrong magic number", () => {
    const dir = tmpDir();
    writeTinyDataset(dir);
    const p = join(dir, DATASET.files.trainImages.name);
    // A labels file where the images should be.
    writeFileSync(p, gzipSync(idxBytes(2049, [5], new Uint8Array(5))));
    expectProblem(() => loadTrainingSet({ dir, ...custom }), "bad-magic", p, /magic number is 2049, expected 2051/);
  });

  it("tells a payload shorter than the header promises", () => {
    const dir = tmpDir();
    writeTinyDataset(dir);
    const p = join(dir, DATASET.files.trainImages.name);
    writeFileSync(p, gzipSync(idxBytes(2051, [10, 28, 28], new Uint8Array(9 * 784))));
    expectProblem(() => loadTrainingSet({ dir, ...custom }), "truncated", p, /10×28×28 = 7840 bytes.*7056/);
  });

  it("tells an image/label count mismatch", () => {
    const dir = tmpDir();
    writeTinyDataset(dir, 50);
    const p = join(dir, DATASET.files.trainLabels.name);
    writeFileSync(p, gzipSync(idxBytes(2049, [49], new Uint8Array(49))));
    expectProblem(() => loadTrainingSet({ dir, ...custom }), "count-mismatch", p, /49 labels for 50 images/);
  });

  it("tells wrong image dimensions", () => {
    const dir = tmpDir();
    writeTinyDataset(dir);
    const p = join(dir, DATASET.files.trainImages.name);
    writeFileSync(p, gzipSync(idxBytes(2051, [50, 32, 32], new Uint8Array(50 * 32 * 32))));
    expectProblem(() => loadTrainingSet({ dir, ...custom }), "bad-dimensions", p, /32×32, expected 28×28/);
  });
});

describe("stratified split", () => {
  const labels = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 10);

  it("takes exactly perClass of every class, disjoint from train, covering everything", () => {
    const s = stratifiedSplit(labels, 20, 1);
    expect(classCounts(labels, s.dev)).toEqual(new Array(10).fill(20));
    expect(s.train.length + s.dev.length).toBe(1000);
    const dev = new Set(s.dev);
    expect(Array.from(s.train).some((i) => dev.has(i))).toBe(false);
  });

  it("is deterministic per seed and differs across seeds", () => {
    expect(Array.from(stratifiedSplit(labels, 20, 1).dev)).toEqual(Array.from(stratifiedSplit(labels, 20, 1).dev));
    expect(Array.from(stratifiedSplit(labels, 20, 1).dev)).not.toEqual(Array.from(stratifiedSplit(labels, 20, 2).dev));
  });

  it("says when a class is too small", () => {
    expect(() => stratifiedSplit(labels, 101, 1)).toThrow(/class 0 has 100 images, fewer than the 101/);
  });

  it("subset copies the chosen images", () => {
    const dir = tmpDir();
    writeTinyDataset(dir, 30, 10);
    const train = loadTrainingSet({ dir, ...custom });
    const sub = subset(train, [3, 7]);
    expect(Array.from(sub.labels)).toEqual([train.labels[3], train.labels[7]]);
    expect(Array.from(sub.images.subarray(784, 1568))).toEqual(Array.from(train.images.subarray(7 * 784, 8 * 784)));
  });
});

const realDir = realDataDir();
describe.skipIf(!realDir)("the real Fashion-MNIST", () => {
  it("loads 60k + 10k verified images and splits 400 per class", () => {
    const train = loadTrainingSet();
    const test = loadTestSetForFinalEvaluation();
    expect(train.count).toBe(60_000);
    expect(test.count).toBe(10_000);
    expect(classCounts(test.labels)).toEqual(new Array(10).fill(1000));
    const s = stratifiedSplit(train.labels, SPLIT.devPerClass, SPLIT.seed);
    expect(s.dev.length).toBe(SPLIT.devSize);
    expect(classCounts(train.labels, s.dev)).toEqual(new Array(10).fill(400));
  });
});
if (!realDir) console.log(`skipping real-data tests: ${REAL_DATA_SKIP_REASON}`);
