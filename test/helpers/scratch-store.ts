/** A scratch run store for one describe block: FMNIST_OUTPUT_DIR points at it during the block's tests, and back after. */
import { afterAll, beforeAll } from "vitest";
import { tmpDir } from "./fixtures.js";

/** Call inside `describe`, before any `beforeAll` that trains into the store; returns its path. */
export function useScratchStore(prefix: string): string {
  const store = tmpDir(prefix);
  const before = process.env.FMNIST_OUTPUT_DIR;
  beforeAll(() => {
    process.env.FMNIST_OUTPUT_DIR = store;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.FMNIST_OUTPUT_DIR;
    else process.env.FMNIST_OUTPUT_DIR = before;
  });
  return store;
}
