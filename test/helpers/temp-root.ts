/**
 * Vitest's global set-up: every temporary folder of a test run (os.tmpdir(), in the test workers
 * and in the processes they start) goes under one folder of its own, removed when the run ends,
 * so the tests leave nothing behind in the system's temporary folder.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "fmnist-test-run-"));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    if (!process.env.FMNIST_KEEP_TEST_FILES) rmSync(root, { recursive: true, force: true });
  };
}
