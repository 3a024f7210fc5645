/**
 * Ctrl-C as a user presses it: SIGINT to the whole foreground process group of `npm run train`
 * (npm, the shell, node), while a resnet step (longer than tsx's 60 ms grace) is running.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeConfig } from "../../src/experiments/config.js";
import { runDirFor } from "../../src/experiments/store.js";
import { loadCheckpoint } from "../../src/train/checkpoint.js";
import { RUN_FILES } from "../../src/train/run-files.js";
import { buildModel } from "../../src/models/architectures.js";
import { initBackend } from "../../src/runtime/backend.js";
import { realDataDir, REAL_DATA_SKIP_REASON, tmpDir } from "../helpers/fixtures.js";

const hasData = realDataDir() !== null;
if (!hasData) console.log(`skipping the Ctrl-C test: ${REAL_DATA_SKIP_REASON}`);

/** `npm run train -- ARGS` in its own process group, as a terminal's foreground job runs. */
function start(args: string[]) {
  const child = spawn("npm", ["run", "--silent", "train", "--", ...args], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout!.on("data", (d) => (text += d));
  child.stderr!.on("data", (d) => (text += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => text, exited };
}

describe.skipIf(!hasData)("Ctrl-C under npm run train", () => {
  it("saves a checkpoint after the current step and exits 130; the same command resumes from it", async () => {
    await initBackend();
    const out = tmpDir();
    const args = [
      "--model",
      "resnet",
      "--profile",
      "smoke",
      "--steps",
      "400",
      "--eval-every",
      "1000",
      "--output-dir",
      out,
    ];
    const cfg = makeConfig({ model: "resnet", profile: "smoke", steps: 400, evalEvery: 1000 });
    const dir = runDirFor(cfg, out);
    let { child, output, exited } = start(args);
    const t0 = Date.now();
    const stepsShown = () => Math.max(0, ...[...output().matchAll(/ (\d+)\/400 /g)].map((m) => Number(m[1])));
    while (stepsShown() < 3) {
      if (Date.now() - t0 > 120_000) throw new Error(`no progress within 120 s:\n${output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    process.kill(-child.pid!, "SIGINT");
    const code = await exited;
    expect(output()).toContain("interrupt: saving a checkpoint after this step");
    expect(output()).toContain("stopped; resume with the same command");
    expect(code).toBe(130);
    expect(existsSync(join(dir, RUN_FILES.last))).toBe(true);
    const ckpt = await loadCheckpoint(join(dir, RUN_FILES.last), buildModel("resnet"));
    expect(ckpt.step).toBeGreaterThanOrEqual(3);
    expect(ckpt.step).toBeLessThan(400);

    // the same command again: it resumes from that checkpoint (and a second Ctrl-C stops it again)
    ({ child, output, exited } = start(args));
    while (!output().includes(`resuming ${dir} from step ${ckpt.step}`)) {
      if (Date.now() - t0 > 200_000) throw new Error(`no resume within 200 s:\n${output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    process.kill(-child.pid!, "SIGINT");
    expect(await exited).toBe(130);
  }, 300_000);
});
