/**
 * Finding and loading Fashion-MNIST. Images come back as Float32Array in [0, 1]
 * (row-major, 28×28 per image), labels as Uint8Array.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { DATASET, IMAGE_SIZE, NUM_CLASSES, PATHS, type DatasetFileKey } from "../config.js";
import { projectPath } from "../util/paths.js";
import { DatasetError } from "./errors.js";
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, danglingLink, gunzipFile, parseIdx } from "./idx.js";

export interface LabelledImages {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
}

export interface LoadOptions {
  /** Look only in this folder (default: `data/`, then Debian's dataset folder). */
  dir?: string;
  /**
   * Accept files whose checksums are not the official ones (a custom or synthetic dataset).
   * Off by default: the study only runs on the verified data unless you say so.
   */
  allowCustomDataset?: boolean;
}

/** The folders searched for the four files, in order. */
export function candidateDirs(opts: LoadOptions = {}): string[] {
  if (opts.dir) return [resolve(opts.dir)];
  const env = process.env.FMNIST_DATA_DIR;
  return env ? [resolve(env)] : [projectPath(PATHS.data), DATASET.debianDir];
}

/**
 * The first folder holding all four files; a clear error saying where it looked otherwise. A
 * folder named explicitly (`dir`, or $FMNIST_DATA_DIR) is the only one looked in: an explicit
 * choice that is missing or incomplete fails instead of falling back to another copy.
 */
export function locateDataset(opts: LoadOptions = {}): string {
  const dirs = candidateDirs(opts);
  const names = Object.values(DATASET.files).map((f) => f.name);
  const explicit = opts.dir ? resolve(opts.dir) : process.env.FMNIST_DATA_DIR ? resolve(process.env.FMNIST_DATA_DIR) : null;
  if (explicit) {
    const absent = names.filter((n) => !existsSync(join(explicit, n)));
    if (absent.length === 0) return explicit;
    const link = absent.find((n) => danglingLink(join(explicit, n)));
    if (link) throw new DatasetError("missing", join(explicit, link), "is a symbolic link that leads nowhere (dangling, or a loop)");
    const source = opts.dir ? "the folder given" : "FMNIST_DATA_DIR";
    throw new DatasetError("missing", explicit, `${source} lacks ${absent.join(", ")}; put the four files there (npm run data -- --download --dir ${explicit}), or unset it to use data/ or Debian's copy`);
  }
  for (const dir of dirs) if (names.every((n) => existsSync(join(dir, n)))) return dir;
  throw new DatasetError(
    "missing",
    names.join(", "),
    `Fashion-MNIST not found. Looked in: ${dirs.join(", ")}. ` +
      `Get it with 'npm run data -- --download' (official files into data/), ` +
      `or on Debian 'apt-get install dataset-fashion-mnist'.`,
  );
}

/**
 * Where the dataset was found, as the report prints it: no machine's own folders (a published
 * report names data/, Debian's package, or $FMNIST_DATA_DIR, not a path on the machine that rendered it).
 */
export function describeDatasetSource(dir: string): string {
  if (resolve(dir) === resolve(projectPath(PATHS.data))) return `${PATHS.data}/ in the project`;
  if (resolve(dir) === resolve(DATASET.debianDir)) return `Debian's dataset-fashion-mnist package (${DATASET.debianDir})`;
  return "the folder named by FMNIST_DATA_DIR";
}

function readIdx(dir: string, key: DatasetFileKey) {
  const path = join(dir, DATASET.files[key].name);
  const isImages = key.endsWith("Images");
  return parseIdx(gunzipFile(path), path, isImages ? IDX_IMAGES_MAGIC : IDX_LABELS_MAGIC, isImages ? 3 : 1);
}

function checkChecksum(dir: string, key: DatasetFileKey, sha256: string): void {
  const spec = DATASET.files[key];
  if (sha256 === spec.sha256) return;
  throw new DatasetError(
    "checksum",
    join(dir, spec.name),
    `SHA-256 of the decompressed file is ${sha256}, expected ${spec.sha256} ` +
      `(the file is damaged or not the official Fashion-MNIST; pass allowCustomDataset to use it anyway)`,
  );
}

/** Both files of a pair, checked for their form first (so the specific error shows) and their checksums last. */
function loadPair(dir: string, imagesKey: DatasetFileKey, labelsKey: DatasetFileKey, opts: LoadOptions): LabelledImages {
  const img = readIdx(dir, imagesKey);
  const lab = readIdx(dir, labelsKey);
  const imgPath = join(dir, DATASET.files[imagesKey].name);
  const labPath = join(dir, DATASET.files[labelsKey].name);
  if (img.dims[1] !== IMAGE_SIZE || img.dims[2] !== IMAGE_SIZE) {
    throw new DatasetError("bad-dimensions", imgPath, `images are ${img.dims[1]}×${img.dims[2]}, expected ${IMAGE_SIZE}×${IMAGE_SIZE}`);
  }
  const count = img.dims[0];
  if (lab.dims[0] !== count) {
    throw new DatasetError("count-mismatch", labPath, `${lab.dims[0]} labels for ${count} images in ${imgPath}`);
  }
  for (let i = 0; i < count; i++) {
    if (lab.data[i] >= NUM_CLASSES) {
      throw new DatasetError("bad-dimensions", labPath, `label ${lab.data[i]} at index ${i}, expected 0..${NUM_CLASSES - 1}`);
    }
  }
  if (!opts.allowCustomDataset) {
    checkChecksum(dir, imagesKey, img.sha256);
    checkChecksum(dir, labelsKey, lab.sha256);
  }
  const images = new Float32Array(img.data.length);
  for (let i = 0; i < images.length; i++) images[i] = img.data[i] / 255;
  return { images, labels: new Uint8Array(lab.data), count };
}

/** The 60,000 training images (the dev split is taken from these; see split.ts). */
export function loadTrainingSet(opts: LoadOptions = {}): LabelledImages {
  return loadPair(locateDataset(opts), "trainImages", "trainLabels", opts);
}

/**
 * The 10,000 test images. For the final evaluation only: never for training or model
 * selection.
 */
export function loadTestSetForFinalEvaluation(opts: LoadOptions = {}): LabelledImages {
  return loadPair(locateDataset(opts), "testImages", "testLabels", opts);
}

/** Copies the images at `indices` into one contiguous array (e.g. the dev set). */
export function subset(data: LabelledImages, indices: ArrayLike<number>): LabelledImages {
  const px = IMAGE_SIZE * IMAGE_SIZE;
  const images = new Float32Array(indices.length * px);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    images.set(data.images.subarray(j * px, (j + 1) * px), i * px);
    labels[i] = data.labels[j];
  }
  return { images, labels, count: indices.length };
}
