import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { CheckpointError, loadCheckpoint, saveCheckpoint } from "../../src/train/checkpoint.js";
import { tmpDir } from "../helpers/fixtures.js";

function tinyModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(
    tf.layers.dense({ inputShape: [3], units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
  );
  return model;
}

/** Trains `model` with `optimizer` for `steps` fixed steps; returns the losses. */
function train(model: tf.LayersModel, optimizer: tf.Optimizer, steps: number): number[] {
  const x = tf.tensor2d([
    [1, 2, 3],
    [0.5, -1, 2],
  ]);
  const y = tf.tensor2d([
    [1, 0],
    [0, 1],
  ]);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = optimizer.minimize(
      () => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar,
      true,
    )!;
    losses.push(loss.dataSync()[0]);
    loss.dispose();
  }
  tf.dispose([x, y]);
  return losses;
}

describe("checkpoints", () => {
  it("restore weights and Adam's whole state, so training goes on to the last digit", async () => {
    const straight = train(tinyModel(), tf.train.adam(0.01), 40);
    const path = join(tmpDir(), "a.ckpt");
    const first = tinyModel();
    const firstOptimizer = tf.train.adam(0.01);
    const before = train(first, firstOptimizer, 25);
    await saveCheckpoint(path, 25, first, firstOptimizer, { note: "x" });
    const second = tinyModel();
    const secondOptimizer = tf.train.adam(0.01);
    const ckpt = await loadCheckpoint(path, second, secondOptimizer);
    expect(ckpt).toEqual({ step: 25, meta: { note: "x" } });
    expect([...before, ...train(second, secondOptimizer, 15)]).toEqual(straight);
  });

  it("refuse a damaged file, a weights-only file where optimizer state is needed, and another model", async () => {
    const dir = tmpDir();
    const model = tinyModel();
    const path = join(dir, "a.ckpt");
    await saveCheckpoint(path, 1, model, null);
    await expect(loadCheckpoint(path, tinyModel(), tf.train.adam())).rejects.toThrow(/holds no optimizer state/);
    const other = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2 })] });
    await expect(loadCheckpoint(path, other)).rejects.toThrow(/weights do not fit model/);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 4));
    await expect(loadCheckpoint(path, tinyModel())).rejects.toThrow(CheckpointError);
    await expect(loadCheckpoint(path, tinyModel())).rejects.toThrow(/does not match its checksum/);
  });

  it("refuse a file corrupted in place, to its very last byte (the checksum covers the whole file)", async () => {
    const path = join(tmpDir(), "a.ckpt");
    await saveCheckpoint(path, 3, tinyModel(), tf.train.adam(0.01));
    const good = readFileSync(path);
    for (const at of [good.length - 1, good.length - 5, Math.floor(good.length / 2)]) {
      const bad = Buffer.from(good);
      bad[at] ^= 0x01;
      writeFileSync(path, bad);
      await expect(loadCheckpoint(path, tinyModel(), tf.train.adam(0.01)), `byte ${at}`).rejects.toThrow(
        /does not match its checksum/,
      );
    }
    writeFileSync(path, good);
    expect((await loadCheckpoint(path, tinyModel(), tf.train.adam(0.01))).step).toBe(3);
  });

  it("name the file when a directory stands in its place", async () => {
    const path = join(tmpDir(), "last.ckpt");
    mkdirSync(path);
    await expect(loadCheckpoint(path, tinyModel())).rejects.toThrow(
      new RegExp(`^checkpoint ${path}: .*it is a directory, a file was expected \\(EISDIR\\); move it away`),
    );
  });

  it("still read the first format (FMNCKPT1, checksum over the data only), so runs started before it resume", async () => {
    const path = join(tmpDir(), "v1.ckpt");
    const model = tinyModel();
    await saveCheckpoint(path, 7, model, null);
    const buf = readFileSync(path);
    const len = buf.readUInt32LE(8);
    const header = JSON.parse(buf.subarray(12, 12 + len).toString());
    const body = buf.subarray(12 + len);
    header.sha256 = createHash("sha256").update(body).digest("hex");
    const headerBytes = Buffer.from(JSON.stringify(header));
    const lenBytes = Buffer.alloc(4);
    lenBytes.writeUInt32LE(headerBytes.length);
    writeFileSync(path, Buffer.concat([Buffer.from("FMNCKPT1"), lenBytes, headerBytes, body]));
    expect((await loadCheckpoint(path, tinyModel())).step).toBe(7);
  });

  it("refuse an edited header: the step (or any header field) is covered by the checksum", async () => {
    const path = join(tmpDir(), "a.ckpt");
    await saveCheckpoint(path, 25, tinyModel(), tf.train.adam(0.01), { note: "x" });
    const text = readFileSync(path).toString("latin1");
    expect(text).toContain('"step":25');
    writeFileSync(path, Buffer.from(text.replace('"step":25', '"step":26'), "latin1"));
    await expect(loadCheckpoint(path, tinyModel(), tf.train.adam(0.01))).rejects.toThrow(
      /header or data does not match its checksum/,
    );
  });
});
