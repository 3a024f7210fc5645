/**
 * The study's numbers, named once. Notebooks, CLIs, tests and the demo import them from here.
 * Every value below is a fact of the original study (see shared DESIGN.md) unless it says
 * otherwise. Pure constants: the browser demo imports this module too.
 */

export const IMAGE_SIZE = 28;
export const IMAGE_PIXELS = IMAGE_SIZE * IMAGE_SIZE;
export const NUM_CLASSES = 10;

export const CLASS_NAMES = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
] as const;

/** The four official files, their official download address and checksums. */
export const DATASET = {
  officialBaseUrl: "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
  debianDir: "/usr/share/datasets/fashion-mnist",
  files: {
    trainImages: {
      name: "train-images-idx3-ubyte.gz",
      gzMd5: "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
      sha256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
      count: 60_000,
    },
    trainLabels: {
      name: "train-labels-idx1-ubyte.gz",
      gzMd5: "25c81989df183df01b3e8a0aad5dffbe",
      sha256: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
      count: 60_000,
    },
    testImages: {
      name: "t10k-images-idx3-ubyte.gz",
      gzMd5: "bef4ecab320f06d8554ea6380940ec79",
      sha256: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
      count: 10_000,
    },
    testLabels: {
      name: "t10k-labels-idx1-ubyte.gz",
      gzMd5: "bb300cfdad3c16e7a12a480ee83cd310",
      sha256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
      count: 10_000,
    },
  },
} as const;

export type DatasetFileKey = keyof typeof DATASET.files;

/**
 * The held-out split, drawn as the original's `data_input.py` did (see data/split.ts): the dev
 * set is 400 training images per class; the final model holds out 1 per class (the original's
 * `VAL_SET_SIZE` 10) and trains on the other 59,990.
 */
export const SPLIT = {
  devPerClass: 400,
  devSize: 4_000,
  finalHeldOutPerClass: 1,
  /** `np.random.seed(1)`, as the original. */
  numpySeed: 1,
  /** SHA-256 of the original's 4,000 dev indices, sorted ascending, in decimal, joined by commas. */
  originalDevFingerprint: "b8fc0f14650b1bcdfb1457a9d60dc551c3e708181947a669e3ff03ce2e182732",
} as const;

/**
 * The augmentation operations available (augment/registry.ts implements each), in the order
 * they apply, and their parameters.
 */
export const AUGMENT = {
  defaultProb: 0.3,
  ops: ["noise", "brightness", "flip", "erase", "crop"] as const,
  noiseSigma: 0.05,
  brightnessRange: [0.9, 1.1] as const,
  /** A brightness factor inside this band is redrawn: it would hardly change the image. */
  brightnessRedrawBand: [0.98, 1.02] as const,
  /** Sandal, Sneaker and Ankle boot all face one way in train and test; never flip them. */
  noFlipClasses: [5, 7, 9] as const,
  /** Random erasing draws its area fraction and its aspect ratio (height/width) from these. */
  eraseAreaRange: [0.06, 0.09] as const,
  eraseAspectRange: [0.5, 2] as const,
  cropPad: 4,
} as const;

export type AugmentOp = (typeof AUGMENT.ops)[number];

/** The original study's five operations: the default of every config (named apart from what is available). */
export const STUDY_AUGMENT_OPS: readonly AugmentOp[] = ["noise", "brightness", "flip", "erase", "crop"];

/** Batch normalisation after every conv and FC layer. */
export const BATCH_NORM = { momentum: 0.995, epsilon: 0.001 } as const;

export const MODEL_NAMES = ["simple_model_1", "simple_model_2", "inception", "resnet", "inception_resnet"] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export const DROPOUT_RATE = 0.5;
export const HIDDEN_UNITS = 128;

export const LOSS_NAMES = ["cross_entropy", "weighted_cross_entropy", "focal"] as const;
export type LossName = (typeof LOSS_NAMES)[number];
/** T-shirt, Pullover, Coat and Shirt count twice in the weighted cross-entropy. */
export const WEIGHTED_CE_CLASS_WEIGHTS = [2, 1, 2, 1, 2, 1, 2, 1, 1, 1] as const;
export const FOCAL_GAMMA = 2;

/** Adam with a staircase exponential decay: lr = initial × rate^floor(step / steps). */
export const SCHEDULE = {
  initialLearningRate: 5e-4,
  decayRate: 0.9,
  decaySteps: 10_000,
} as const;

/**
 * The budget-aware alternative (not the original's): a linear warm-up, then a cosine to a floor
 * at the run's last step. Its peak defaults to the original's initial rate.
 */
export const COSINE_SCHEDULE = { warmupSteps: 500, finalLearningRate: 1e-5 } as const;

/**
 * What the original says about each model, where it had it: its trainable parameters, its
 * budget and decay interval (its runs' config.json), its dev accuracy (%) and, for the classes its
 * report tabulated, per class. A model of ours without an entry is simply not compared.
 */
export interface OriginalModelFacts {
  params: number;
  steps: number;
  decaySteps: number;
  devAccuracy: number;
  devPerClass: Partial<Record<number, number>>;
}

export const ORIGINAL_MODELS: Partial<Record<ModelName, OriginalModelFacts>> = {
  simple_model_1: {
    params: 113_834,
    steps: 200_000,
    decaySteps: 5_000,
    devAccuracy: 92.15,
    devPerClass: { 0: 89.6, 1: 98.5, 6: 74.75 },
  },
  simple_model_2: {
    params: 566_218,
    steps: 200_000,
    decaySteps: 10_000,
    devAccuracy: 93.7,
    devPerClass: { 0: 91.0, 1: 98.85, 6: 81.0 },
  },
  inception: {
    params: 343_002,
    steps: 200_000,
    decaySteps: 10_000,
    devAccuracy: 94.5,
    devPerClass: { 0: 90.8, 1: 99.0, 6: 83.0 },
  },
  resnet: {
    params: 1_273_802,
    steps: 300_000,
    decaySteps: 10_000,
    devAccuracy: 95.0,
    devPerClass: { 0: 91.0, 1: 99.15, 6: 83.5 },
  },
  inception_resnet: {
    params: 982_346,
    steps: 300_000,
    decaySteps: 10_000,
    devAccuracy: 94.8,
    devPerClass: { 0: 90.75, 1: 99.25, 6: 83.75 },
  },
};

/** The classes whose dev accuracy the original's report tabulated per model. */
export const ORIGINAL_TABULATED_CLASSES = [0, 1, 6] as const;

/**
 * How the original logged its runs (its TensorBoard summaries): dev accuracy every 500 steps, and
 * training accuracy in inference mode on every 4th batch after its update, pooled over the same
 * 500 steps.
 */
export const ORIGINAL_LOG_EVERY = 500;
export const TRAIN_ACCURACY_EVERY = 4;

/** Where the original saw resnet without augmentation fit its training set (accuracy 1 "after only 30-40k steps"). */
export const ORIGINAL_FIT_STEPS = { from: 30_000, to: 40_000 } as const;

/** The original's final model: 250,000 steps. */
export const ORIGINAL_FINAL_STEPS = 250_000;

export const BATCH_SIZE = 64;

/** The original study's results, shown beside ours in the report. */
export const ORIGINAL_RESULTS = {
  /** Dev accuracy (%) of resnet by loss. */
  losses: { focal: 95.05, cross_entropy: 95.0, weighted_cross_entropy: 94.85 } as Partial<Record<LossName, number>>,
  /** Final model: resnet, focal loss, 59,990 training images (10 held out), 250k steps; test accuracy (%). */
  finalTest: 94.23,
  finalTestPerClass: [91.0, 99.2, 93.4, 93.9, 94.1, 98.6, 78.2, 98.0, 99.5, 96.4],
} as const;

/** Where results and data live, relative to the project root (see paths.ts). */
export const PATHS = {
  data: "data",
  outputDir: "output_dir",
  bench: "output_dir/bench",
  previews: "output_dir/previews",
  /** The original's TensorBoard curves, extracted once by scripts/original/extract_curves.py. */
  originalCurves: "output_dir/original/curves.json",
} as const;

/** The original's dev accuracy (%) for a model, or null for a model it did not have. */
export function originalDevAccuracy(model: ModelName): number | null {
  return ORIGINAL_MODELS[model]?.devAccuracy ?? null;
}

/** The original's dev accuracy (%) of each model it had, by name. */
export function originalDevAccuracies(): Partial<Record<ModelName, number>> {
  return Object.fromEntries(Object.entries(ORIGINAL_MODELS).map(([m, f]) => [m, f!.devAccuracy]));
}

/** The original's decay interval for a model (the original schedule's, for a model it did not have). */
export function originalDecaySteps(model: ModelName): number {
  return ORIGINAL_MODELS[model]?.decaySteps ?? SCHEDULE.decaySteps;
}

/** The original's budget for a model's comparison runs (its final model's, for a model it did not have). */
export function originalSteps(model: ModelName): number {
  return ORIGINAL_MODELS[model]?.steps ?? ORIGINAL_FINAL_STEPS;
}
