/**
 * Inference latency per frame of the webcam demo in headless Chromium (WebGL or the browser's
 * fallback backend), with a fake camera playing a test image. Target: under 20 ms.
 * Usage: tsx bench/demo-latency.ts [--model DIR] [--seconds N]; writes output_dir/bench/demo-latency.json.
 */
import { join } from "node:path";
import { IMAGE_PIXELS } from "../src/config.js";
import { writeJsonAtomic } from "../src/util/atomic.js";
import { flag, numberOption, parseCli, str } from "../src/cli/args.js";
import { loadTestSetForFinalEvaluation } from "../src/data/dataset.js";
import { centredSquare } from "../src/demo/preprocess.js";
import { modelStatus, startDemoServer } from "../src/demo/server.js";
import { benchResultPath, demoModelDir, SAVE_REFERENCE_OPTION } from "../src/util/paths.js";
import { exitOnExpectedErrors } from "../src/cli/fail.js";
import { ExpectedError } from "../src/util/errors.js";
import { launchChromium } from "../src/report/print/browser.js";
import { frameWithImage, writeGrayY4m } from "../src/demo/frames.js";
import { tmpdir } from "node:os";

exitOnExpectedErrors();

const USAGE = `usage: npm run bench:demo -- [--model DIR] [--seconds N] [--${SAVE_REFERENCE_OPTION}]

  --${SAVE_REFERENCE_OPTION}  replace the reference figures (output_dir/bench/demo-latency.json); without it they go to bench/latest/`;
const args = parseCli(USAGE, {
  model: { type: "string" },
  seconds: { type: "string" },
  [SAVE_REFERENCE_OPTION]: { type: "boolean" },
});
const modelDir = str(args, "model") ?? demoModelDir();
const seconds = numberOption(USAGE, "seconds", str(args, "seconds"), 1, 600, 10)!;
const status = modelStatus(modelDir);
if (!status.available) throw new ExpectedError(`no exported model in ${modelDir}; make one with: ${status.command}`);

const test = loadTestSetForFinalEvaluation();
const video = join(tmpdir(), `fmnist-bench-${process.pid}.y4m`);
writeGrayY4m(video, 640, 480, [frameWithImage(640, 480, test.images.slice(0, IMAGE_PIXELS), centredSquare(640, 480))]);
const server = await startDemoServer({ modelDir });
const browser = await launchChromium([
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  `--use-file-for-fake-video-capture=${video}`,
  "--enable-unsafe-swiftshader",
]);
try {
  const page = await (await browser.newContext({ permissions: ["camera"] })).newPage();
  await page.goto(server.url);
  await page.waitForFunction(
    () => (window as unknown as { demo: { latencies: number[] } }).demo.latencies.length > 5,
    null,
    { timeout: 60_000 },
  );
  await page.waitForTimeout(seconds * 1000);
  const result = await page.evaluate(() => ({
    latencies: [...(window as unknown as { demo: { latencies: number[] } }).demo.latencies],
    backend: (window as unknown as { tf: { getBackend(): string } }).tf.getBackend(),
    fps: document.getElementById("fps")!.textContent,
  }));
  const sorted = result.latencies.slice(5).sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const summary = {
    date: new Date().toISOString(),
    model: status.description,
    browserBackend: result.backend,
    frames: sorted.length,
    medianMs: q(0.5),
    p95Ms: q(0.95),
    fps: Number(result.fps),
    targetMs: 20,
  };
  console.log(
    `demo inference (preprocess + predict) per frame on ${result.backend}: median ${summary.medianMs.toFixed(1)} ms, p95 ${summary.p95Ms.toFixed(1)} ms over ${summary.frames} frames; ${summary.fps} fps (target < 20 ms)`,
  );
  const out = benchResultPath("demo-latency.json", flag(args, SAVE_REFERENCE_OPTION));
  writeJsonAtomic(out, summary);
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
