/**
 * A full disk while training: the write that fails names its file and size and leaves no temp
 * file; once space is freed, the same run resumes and finishes. Run on a small tmpfs, which
 * needs root and mount; skipped with the reason elsewhere.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeConfig } from "../../src/experiments/config.js";
import { loadRun, runDirFor, runExperiment } from "../../src/experiments/store.js";
import { RUN_FILES } from "../../src/train/run-files.js";
import { tmpDir } from "../helpers/fixtures.js";
import { tinyDataset } from "../helpers/tiny-data.js";

const mountPoint = join(tmpDir("fmnist-tmpfs-"), "store");
mkdirSync(mountPoint);
const mount = spawnSync("mount", ["-t", "tmpfs", "-o", "size=2560k", "tmpfs", mountPoint], { encoding: "utf8" });
const mounted = mount.status === 0;
if (!mounted)
  console.log(
    `skipping the disk-full test: cannot mount a small tmpfs here (${(mount.stderr || mount.error?.message || "").trim() || "mount failed"})`,
  );

afterAll(() => {
  if (mounted) spawnSync("umount", [mountPoint]);
});

describe.skipIf(!mounted)("a full disk while training", () => {
  it("names the file and the bytes it needed, leaves no temp file, and resumes once space is freed", async () => {
    const cfg = makeConfig({
      model: "simple_model_1",
      profile: "smoke",
      devPerClass: 5,
      steps: 60,
      evalEvery: 10,
      logEvery: 5,
    });
    const data = tinyDataset();
    const dir = runDirFor(cfg, mountPoint);
    let error: Error | null = null;
    try {
      await runExperiment(cfg, { outputDir: mountPoint, data });
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toMatch(
      new RegExp(
        `cannot write ${dir}/(last|best-\\d+)\\.ckpt(\\.tmp[-\\d]*)? \\([0-9.]+ (MiB|KiB)\\): no space left on the device; free some space and run the same command again`,
      ),
    );
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
    expect(existsSync(join(dir, RUN_FILES.done))).toBe(false);

    expect(spawnSync("mount", ["-o", "remount,size=32m", mountPoint]).status).toBe(0);
    const run = await runExperiment(cfg, { outputDir: mountPoint, data });
    expect(run.done?.steps).toBe(60);
    const steps = loadRun(dir).metrics.map((l) => `${l.kind}@${l.step}`);
    expect(new Set(steps).size).toBe(steps.length);
    expect(steps.filter((s) => s.startsWith("dev@"))).toEqual([
      "dev@10",
      "dev@20",
      "dev@30",
      "dev@40",
      "dev@50",
      "dev@60",
    ]);
  }, 120_000);
});
