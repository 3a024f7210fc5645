/** Reading gzip'd IDX files (the MNIST container format) with every header field checked. */
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describeFsError } from "../util/errors.js";
import { DatasetError } from "./errors.js";

export const IDX_IMAGES_MAGIC = 2051;
export const IDX_LABELS_MAGIC = 2049;

export interface IdxFile {
  dims: number[];
  /** The payload after the header, one byte per value. */
  data: Uint8Array;
  /** SHA-256 of the decompressed file (header and payload). */
  sha256: string;
}

/** Decompresses a .gz file, telling a missing, non-gzip or truncated file apart. */
/** True for a symbolic link whose target does not resolve. */
export function danglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink() && !existsSync(path);
  } catch {
    return false;
  }
}

export function gunzipFile(path: string): Buffer {
  if (!existsSync(path)) throw new DatasetError("missing", path, danglingLink(path) ? "is a symbolic link that leads nowhere (dangling, or a loop)" : "file not found");
  let gz: Buffer;
  try {
    gz = readFileSync(path);
  } catch (err) {
    const line = describeFsError(err);
    if (line === null) throw err;
    throw new DatasetError("unreadable", path, line.slice(line.indexOf(": ") + 2));
  }
  if (gz.length < 2 || gz[0] !== 0x1f || gz[1] !== 0x8b) {
    throw new DatasetError("not-gzip", path, "not a gzip file (expected the bytes 1f 8b at the start)");
  }
  try {
    return gunzipSync(gz);
  } catch (err) {
    const msg = (err as Error).message;
    const truncated = /unexpected end/i.test(msg);
    throw new DatasetError(
      truncated ? "truncated" : "not-gzip",
      path,
      truncated ? "the gzip stream is truncated (the file is incomplete; download it again)" : `gzip data is corrupt (${msg})`,
    );
  }
}

/** Parses an IDX buffer of unsigned bytes, checking the magic number and the dimensions. */
export function parseIdx(raw: Buffer, path: string, expectedMagic: number, expectedDims: number): IdxFile {
  if (raw.length < 4) throw new DatasetError("truncated", path, `only ${raw.length} bytes, too short for an IDX header`);
  const magic = raw.readUInt32BE(0);
  if (magic !== expectedMagic) {
    throw new DatasetError("bad-magic", path, `IDX magic number is ${magic}, expected ${expectedMagic}`);
  }
  if (raw.length < 4 + 4 * expectedDims) {
    throw new DatasetError("truncated", path, `only ${raw.length} bytes, too short for an IDX header`);
  }
  const dims: number[] = [];
  for (let i = 0; i < expectedDims; i++) dims.push(raw.readUInt32BE(4 + 4 * i));
  const header = 4 + 4 * expectedDims;
  const expectedBytes = dims.reduce((a, b) => a * b, 1);
  if (raw.length - header !== expectedBytes) {
    throw new DatasetError(
      "truncated",
      path,
      `header promises ${dims.join("×")} = ${expectedBytes} bytes of data, file holds ${raw.length - header}`,
    );
  }
  const sha256 = createHash("sha256").update(raw).digest("hex");
  return { dims, data: new Uint8Array(raw.buffer, raw.byteOffset + header, expectedBytes), sha256 };
}
