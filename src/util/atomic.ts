/**
 * Atomic writes: a temp file beside the target, then a rename, so no reader sees half a file.
 * A write that fails (a full disk) removes its temp file and says which file and how many bytes
 * it needed.
 */
import {
  appendFileSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { ExpectedError } from "./errors.js";

let counter = 0;
const TEMP_MARK = ".tmp-";

function bytesOf(data: string | Uint8Array): number {
  return typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
}

function formatBytes(n: number): string {
  return n >= 1 << 20
    ? `${(n / (1 << 20)).toFixed(1)} MiB`
    : n >= 1 << 10
      ? `${(n / (1 << 10)).toFixed(1)} KiB`
      : `${n} bytes`;
}

/** A full disk (or quota) as one line naming the file and the bytes it needed; other errors as they are. */
function outOfSpace(err: unknown, path: string, bytes: number): unknown {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code !== "ENOSPC" && code !== "EDQUOT") return err;
  return new ExpectedError(
    `cannot write ${path} (${formatBytes(bytes)}): no space left on the device; free some space and run the same command again (a run resumes from its last checkpoint)`,
  );
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}${TEMP_MARK}${process.pid}-${counter++}`;
  try {
    writeFileSync(tmp, data);
    const fd = openSync(tmp, "r");
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw outOfSpace(err, path, bytesOf(data));
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + "\n");
}

/** Appends one JSON line (one write call, so a crash leaves at most one partial last line). */
export function appendJsonLine(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const line = JSON.stringify(value) + "\n";
  try {
    appendFileSync(path, line);
  } catch (err) {
    throw outOfSpace(err, path, bytesOf(line));
  }
}

/** Removes temp files that a killed writer left in `dir` (call it only while holding the directory's lock). */
export function removeStaleTempFiles(dir: string): string[] {
  const stale = readdirSync(dir).filter((f) => f.includes(TEMP_MARK));
  for (const f of stale) rmSync(join(dir, f), { force: true });
  return stale;
}
