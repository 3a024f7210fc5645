/** Tiny datasets the tests make themselves. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DATASET } from "../../src/config.js";
import { locateDataset } from "../../src/data/dataset.js";

export function idxBytes(magic: number, dims: number[], payload: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(payload)]);
}

/** Pixel values of synthetic image i: a class-dependent pattern, so images differ by class. */
export function syntheticImages(labels: Uint8Array, size = 28): Uint8Array {
  const px = size * size;
  const out = new Uint8Array(labels.length * px);
  labels.forEach((y, i) => {
    for (let p = 0; p < px; p++) out[i * px + p] = ((p * (y + 1) + i) * 37) % 256;
  });
  return out;
}

export function tmpDir(prefix = "fmnist-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a complete, well-formed (non-official) dataset of n train and m test images. */
export function writeTinyDataset(
  dir: string,
  nTrain = 50,
  nTest = 20,
): { trainLabels: Uint8Array; testLabels: Uint8Array } {
  const trainLabels = Uint8Array.from({ length: nTrain }, (_, i) => i % 10);
  const testLabels = Uint8Array.from({ length: nTest }, (_, i) => (i * 3) % 10);
  const f = DATASET.files;
  writeFileSync(
    join(dir, f.trainImages.name),
    gzipSync(idxBytes(2051, [nTrain, 28, 28], syntheticImages(trainLabels))),
  );
  writeFileSync(join(dir, f.trainLabels.name), gzipSync(idxBytes(2049, [nTrain], trainLabels)));
  writeFileSync(join(dir, f.testImages.name), gzipSync(idxBytes(2051, [nTest, 28, 28], syntheticImages(testLabels))));
  writeFileSync(join(dir, f.testLabels.name), gzipSync(idxBytes(2049, [nTest], testLabels)));
  return { trainLabels, testLabels };
}

/** The real dataset's folder, or null (tests on real data skip with this reason). */
export function realDataDir(): string | null {
  try {
    return locateDataset();
  } catch {
    return null;
  }
}
export const REAL_DATA_SKIP_REASON = "real Fashion-MNIST not found (run `npm run data` to see where it is looked for)";
