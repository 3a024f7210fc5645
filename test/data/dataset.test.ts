import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DATASET, SPLIT } from "../../src/config.js";
import {
  describeDatasetSource,
  loadTestSetForFinalEvaluation,
  loadTrainingSet,
  locateDataset,
  subset,
} from "../../src/data/dataset.js";
import { projectPath } from "../../src/util/paths.js";
import { DatasetError } from "../../src/data/errors.js";
import { createHash } from "node:crypto";
import { NumpyRandomState } from "../../src/data/numpy-mt19937.js";
import { classCounts, drawHeldOut, originalSplit, splitFingerprint } from "../../src/data/split.js";
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

  it("names the folder given and what it lacks, without falling back to another copy", () => {
    const dir = tmpDir();
    expectProblem(() => locateDataset({ dir }), "missing", dir, /the folder given lacks train-images-idx3-ubyte\.gz, .*npm run data -- --download --dir/);
  });

  it("describes where it found the data without the machine's own folders", () => {
    expect(describeDatasetSource(projectPath("data"))).toBe("data/ in the project");
    expect(describeDatasetSource("/usr/share/datasets/fashion-mnist")).toBe(
      "Debian's dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist)",
    );
    const elsewhere = describeDatasetSource("/home/someone/fmnist");
    expect(elsewhere).toBe("the folder named by FMNIST_DATA_DIR");
    expect(elsewhere).not.toContain("someone");
  });

  it("FMNIST_DATA_DIR pointing at an incomplete folder fails instead of falling back", () => {
    const dir = tmpDir();
    writeTinyDataset(dir);
    rmSync(join(dir, DATASET.files.testLabels.name));
    const before = process.env.FMNIST_DATA_DIR;
    process.env.FMNIST_DATA_DIR = dir;
    try {
      expectProblem(() => locateDataset(), "missing", dir, /FMNIST_DATA_DIR lacks t10k-labels-idx1-ubyte\.gz/);
    } finally {
      if (before === undefined) delete process.env.FMNIST_DATA_DIR;
      else process.env.FMNIST_DATA_DIR = before;
    }
  });

  it("says a dangling or looping link is one, and names an unreadable file", () => {
    const dir = tmpDir();
    writeTinyDataset(dir);
    const p = join(dir, DATASET.files.trainImages.name);
    rmSync(p);
    symlinkSync(join(dir, "nowhere.gz"), p);
    expectProblem(() => locateDataset({ dir }), "missing", p, /symbolic link that leads nowhere/);
    rmSync(p);
    symlinkSync(p, p); // a loop
    expectProblem(() => locateDataset({ dir }), "missing", p, /symbolic link that leads nowhere/);
    rmSync(p);
    mkdirSync(p); // a directory where a file should be
    expectProblem(() => loadTrainingSet({ dir, ...custom }), "unreadable", p, /it is a directory, a file was expected \(EISDIR\)/);
  });

  it("reports a wrong shape before a wrong checksum, so the specific error shows", () => {
    const dir = tmpDir();
    writeTinyDataset(dir);
    const p = join(dir, DATASET.files.trainImages.name);
    writeFileSync(p, gzipSync(idxBytes(2051, [50, 32, 32], new Uint8Array(50 * 32 * 32))));
    expectProblem(() => loadTrainingSet({ dir }), "bad-dimensions", p, /32×32, expected 28×28/);
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

describe("the original's split", () => {
  const labels = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 10);

  it("holds out exactly perClass of every class, disjoint from train, covering everything", () => {
    const s = originalSplit(labels, 20);
    expect(classCounts(labels, s.heldOut)).toEqual(new Array(10).fill(20));
    expect(s.train.length + s.heldOut.length).toBe(1000);
    const held = new Set(s.heldOut);
    expect(Array.from(s.train).some((i) => held.has(i))).toBe(false);
  });

  it("draws as data_input.py's get_val_indexes: seed(1), then choice(classSize, perClass) per class in order", () => {
    // numpy's legacy choice without replacement is permutation(n)[:k]; the class's images in file order
    const rng = new NumpyRandomState(1);
    const want: number[] = [];
    for (let c = 0; c < 10; c++) {
      const ofClass = Array.from(labels.keys()).filter((i) => labels[i] === c);
      for (const pos of rng.permutation(ofClass.length).subarray(0, 20)) want.push(ofClass[pos]);
    }
    expect(Array.from(drawHeldOut(labels, 20))).toEqual(want);
    expect(Array.from(originalSplit(labels, 20).heldOut)).toEqual([...want].sort((x, y) => x - y));
  });

  it("fingerprints a split as the SHA-256 of its sorted indices in decimal, comma-joined", () => {
    // sha256("1,2,10") — sorted numerically, not as text
    expect(splitFingerprint([10, 2, 1])).toBe(createHash("sha256").update("1,2,10").digest("hex"));
  });

  it("says when a class is too small", () => {
    expect(() => originalSplit(labels, 101)).toThrow(/class 0 has 100 images, fewer than the 101/);
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
  it("loads 60k + 10k verified images and draws the original's dev set, exactly (its fingerprint)", () => {
    const train = loadTrainingSet();
    const test = loadTestSetForFinalEvaluation();
    expect(train.count).toBe(60_000);
    expect(test.count).toBe(10_000);
    expect(classCounts(test.labels)).toEqual(new Array(10).fill(1000));
    const s = originalSplit(train.labels, SPLIT.devPerClass);
    expect(s.heldOut.length).toBe(SPLIT.devSize);
    expect(classCounts(train.labels, s.heldOut)).toEqual(new Array(10).fill(400));
    // shared DESIGN.md: the original's dev indices, sorted, and in draw order
    expect(splitFingerprint(s.heldOut)).toBe("b8fc0f14650b1bcdfb1457a9d60dc551c3e708181947a669e3ff03ce2e182732");
    const drawn = drawHeldOut(train.labels, SPLIT.devPerClass);
    expect(Array.from(drawn.subarray(0, 5))).toEqual([15268, 22437, 25501, 37550, 37597]);
    expect(createHash("sha256").update(Array.from(drawn).join(",")).digest("hex")).toBe("9ac39c6c94be2b43df2189e2826b50db7e8271d746f0b1ddf921b57b67d740b5");
    // the final model's 10 held-out images: one per class, the first of each class's draw
    const final = originalSplit(train.labels, SPLIT.finalHeldOutPerClass);
    expect(final.train.length).toBe(59_990);
    expect(Array.from(drawHeldOut(train.labels, 1))).toEqual(Array.from({ length: 10 }, (_, c) => drawn[c * 400]));
  });
});
if (!realDir) console.log(`skipping real-data tests: ${REAL_DATA_SKIP_REASON}`);
