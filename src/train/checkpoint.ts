/**
 * Checkpoints: one self-checking file holding the model's weights (moving statistics
 * included), optionally the optimizer's state, and the step. Written atomically; a damaged
 * file is refused with CheckpointError, never half-loaded.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { writeFileAtomic } from "../util/atomic.js";
import { describeFsError, ExpectedError } from "../util/errors.js";

/** FMNCKPT2: the checksum covers the header (step, shapes, meta) and the data; FMNCKPT1 covered the data only (still read). */
const MAGIC = "FMNCKPT2";
const MAGIC_V1 = "FMNCKPT1";

export class CheckpointError extends ExpectedError {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`checkpoint ${file}: ${detail}`);
  }
}

interface Spec {
  name: string;
  shape: number[];
  dtype: "float32" | "int32";
}

interface Header {
  step: number;
  model: Spec[];
  optimizer: Spec[];
  /** Adam's running powers β1^t and β2^t (absent in older checkpoints and for other optimizers). */
  adamBetaPowers?: [number, number];
  sha256: string;
  meta: Record<string, unknown>;
}

/**
 * tfjs' Adam keeps β1^t and β2^t as variables, multiplied once a step, outside getWeights();
 * its setWeights() recomputes them with pow(), which differs in the last bits. Saving and
 * restoring them makes a resumed run continue to the last digit. (Internal fields of tfjs'
 * AdamOptimizer; other optimizers have none and are left alone.)
 */
type AdamInternals = { accBeta1?: tf.Variable; accBeta2?: tf.Variable };

function adamBetaPowers(optimizer: tf.Optimizer): [number, number] | undefined {
  const { accBeta1, accBeta2 } = optimizer as unknown as AdamInternals;
  return accBeta1 && accBeta2 ? [accBeta1.dataSync()[0], accBeta2.dataSync()[0]] : undefined;
}

function restoreAdamBetaPowers(optimizer: tf.Optimizer, powers: [number, number] | undefined): void {
  const { accBeta1, accBeta2 } = optimizer as unknown as AdamInternals;
  if (!powers || !accBeta1 || !accBeta2) return;
  tf.tidy(() => {
    accBeta1.assign(tf.scalar(powers[0]));
    accBeta2.assign(tf.scalar(powers[1]));
  });
}

export interface Checkpoint {
  step: number;
  meta: Record<string, unknown>;
}

async function snapshot(named: { name: string; tensor: tf.Tensor }[]): Promise<{ specs: Spec[]; data: Buffer[] }> {
  const specs: Spec[] = [];
  const data: Buffer[] = [];
  for (const { name, tensor } of named) {
    const dtype = tensor.dtype === "int32" ? "int32" : "float32";
    const values = await tensor.data();
    const typed = dtype === "int32" ? Int32Array.from(values) : Float32Array.from(values);
    specs.push({ name, shape: tensor.shape, dtype });
    data.push(Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength));
  }
  return { specs, data };
}

/** Saves the model (and the optimizer, when given) at `step`. */
export async function saveCheckpoint(
  path: string,
  step: number,
  model: tf.LayersModel,
  optimizer: tf.Optimizer | null,
  meta: Record<string, unknown> = {},
): Promise<void> {
  const m = await snapshot(model.weights.map((w) => ({ name: w.originalName, tensor: w.read() })));
  const o = optimizer ? await snapshot(await optimizer.getWeights()) : { specs: [], data: [] };
  const body = Buffer.concat([...m.data, ...o.data]);
  const unsigned: Omit<Header, "sha256"> = {
    step,
    model: m.specs,
    optimizer: o.specs,
    adamBetaPowers: optimizer ? adamBetaPowers(optimizer) : undefined,
    meta,
  };
  const header: Header = { ...unsigned, sha256: checksum(unsigned, body) };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(headerBytes.length);
  writeFileAtomic(path, Buffer.concat([Buffer.from(MAGIC), len, headerBytes, body]));
}

/** SHA-256 of the header (without its checksum) and the data. */
function checksum(unsigned: Omit<Header, "sha256">, body: Buffer): string {
  return createHash("sha256").update(JSON.stringify(unsigned)).update("\n").update(body).digest("hex");
}

function readHeader(path: string): { header: Header; body: Buffer } {
  if (!existsSync(path)) throw new CheckpointError(path, "file not found");
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    // a directory in its place, a file we may not read: one line naming the file
    const line = describeFsError(err);
    if (line === null) throw err;
    throw new CheckpointError(
      path,
      `${line}; move it away and run the same command again (the run restarts from its previous checkpoint, or from step 0)`,
    );
  }
  const magic = buf.subarray(0, 8).toString();
  if (buf.length < 12 || (magic !== MAGIC && magic !== MAGIC_V1))
    throw new CheckpointError(path, `not a checkpoint (expected the magic ${MAGIC})`);
  const len = buf.readUInt32LE(8);
  let header: Header;
  try {
    header = JSON.parse(buf.subarray(12, 12 + len).toString());
  } catch {
    throw new CheckpointError(path, "header is not valid JSON (file damaged)");
  }
  const body = buf.subarray(12 + len);
  const { sha256, ...unsigned } = header;
  const sum = magic === MAGIC_V1 ? createHash("sha256").update(body).digest("hex") : checksum(unsigned, body);
  if (sum !== sha256)
    throw new CheckpointError(path, "header or data does not match its checksum (file damaged, truncated or edited)");
  return { header, body };
}

function tensorsFrom(specs: Spec[], body: Buffer, offset: number): { tensors: tf.Tensor[]; offset: number } {
  const tensors = specs.map((s) => {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const bytes = body.subarray(offset, offset + 4 * n);
    offset += 4 * n;
    const copy = new Uint8Array(bytes).buffer;
    return tf.tensor(s.dtype === "int32" ? new Int32Array(copy) : new Float32Array(copy), s.shape, s.dtype);
  });
  return { tensors, offset };
}

/** Loads weights (and optimizer state, when an optimizer is given) into a model of the same architecture. */
export async function loadCheckpoint(
  path: string,
  model: tf.LayersModel,
  optimizer: tf.Optimizer | null = null,
): Promise<Checkpoint> {
  const { header, body } = readHeader(path);
  const expected = model.weights.map((w) => w.shape.join("x"));
  const found = header.model.map((s) => s.shape.join("x"));
  if (expected.join(",") !== found.join(",")) {
    throw new CheckpointError(
      path,
      `weights do not fit model '${model.name}' (${found.length} tensors saved, ${expected.length} expected, or shapes differ)`,
    );
  }
  if (optimizer && header.optimizer.length === 0)
    throw new CheckpointError(path, "holds no optimizer state (a weights-only checkpoint)");
  const m = tensorsFrom(header.model, body, 0);
  model.setWeights(m.tensors);
  tf.dispose(m.tensors);
  if (optimizer) {
    const o = tensorsFrom(header.optimizer, body, m.offset);
    await optimizer.setWeights(header.optimizer.map((s, i) => ({ name: s.name, tensor: o.tensors[i] })));
    tf.dispose(o.tensors);
    restoreAdamBetaPowers(optimizer, header.adamBetaPowers);
  }
  return { step: header.step, meta: header.meta };
}
