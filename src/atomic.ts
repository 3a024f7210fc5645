/** Atomic writes: a temp file beside the target, then a rename, so no reader sees half a file. */
import { mkdirSync, renameSync, writeFileSync, appendFileSync, openSync, fsyncSync, closeSync } from "node:fs";
import { dirname } from "node:path";

let counter = 0;

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${counter++}`;
  writeFileSync(tmp, data);
  const fd = openSync(tmp, "r");
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, path);
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + "\n");
}

/** Appends one JSON line (one write call, so a crash leaves at most one partial last line). */
export function appendJsonLine(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, JSON.stringify(value) + "\n");
}
