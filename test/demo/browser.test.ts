/**
 * The demo page in headless Chromium: a fake camera playing test-set images, an upload, a
 * denied camera and a missing model, with no console errors.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLASS_NAMES, IMAGE_PIXELS } from "../../src/config.js";
import { loadTestSetForFinalEvaluation } from "../../src/data/dataset.js";
import { centredSquare, preprocessFrame, topK } from "../../src/demo/preprocess.js";
import { startDemoServer, type DemoServer } from "../../src/demo/server.js";
import { makeConfig } from "../../src/experiments/config.js";
import { exportModel, loadRunModel } from "../../src/experiments/run-model.js";
import { runExperiment, type Run } from "../../src/experiments/store.js";
import { encodeGrayPng } from "../../src/util/png.js";
import { launchChromium } from "../../src/report/print/browser.js";
import { demoFigure, demoScreenshot } from "../../src/report/print/demo-screenshot.js";
import { isCaptionedFigure } from "../../src/report/display/display.js";
import { PNG } from "pngjs";
import { realDataDir, REAL_DATA_SKIP_REASON, tmpDir } from "../helpers/fixtures.js";
import { frameWithImage, grayToRgba, writeGrayY4m } from "../../src/demo/frames.js";

const W = 640;
const H = 480;
const hasData = realDataDir() !== null;

describe.skipIf(!hasData)("the webcam demo in Chromium", () => {
  const work = tmpDir("fmnist-demo-");
  let server: DemoServer;
  let emptyServer: DemoServer;
  const picks: { index: number; label: number; image: Float32Array }[] = [];
  let run: Run;

  beforeAll(async () => {
    // A small model trained here on the real data, exported as the demo loads it.
    // (1,000 steps: with the original's initialisation simple_model_1 is still near chance after 300)
    const cfg = makeConfig({
      model: "simple_model_1",
      profile: "smoke",
      steps: 1000,
      trainLimit: 0,
      devPerClass: 20,
      evalEvery: 1000,
      logEvery: 100,
    });
    run = await runExperiment(cfg, { outputDir: join(work, "store") });
    const { model } = await loadRunModel(run);
    await exportModel(model, join(work, "model"), { run: run.name, checkpoint: "best dev accuracy", step: 1000 });
    // Test images it gets clearly right, through the same preprocessing as the page.
    const test = loadTestSetForFinalEvaluation();
    const rect = centredSquare(W, H);
    for (let i = 0; i < test.count && picks.length < 2; i++) {
      const image = test.images.slice(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS);
      if (picks.some((p) => p.label === test.labels[i])) continue;
      const { pixels } = preprocessFrame(grayToRgba(frameWithImage(W, H, image, rect)), W, H, rect);
      const logits = tf.tidy(() => (model.predict(tf.tensor4d(pixels, [1, 28, 28, 1])) as tf.Tensor).dataSync());
      // (the logits are batch-normed with γ = 1, so probabilities stay modest: ask for a clear margin)
      const [top, second] = topK(logits, 2);
      if (top.index === test.labels[i] && top.probability - second.probability > 0.1)
        picks.push({ index: i, label: test.labels[i], image });
    }
    expect(picks.length).toBe(2);
    server = await startDemoServer({ modelDir: join(work, "model") });
    emptyServer = await startDemoServer({ modelDir: join(work, "no-model") });
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    await emptyServer?.close();
  });

  async function open(url: string, args: string[], grantCamera: boolean) {
    const browser = await launchChromium(args);
    const context = await browser.newContext({ permissions: grantCamera ? ["camera"] : [] });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    return { browser, page, errors };
  }

  it("classifies known frames from a fake camera", async () => {
    for (const pick of picks) {
      const video = join(work, `cam-${pick.index}.y4m`);
      writeGrayY4m(video, W, H, [frameWithImage(W, H, pick.image, centredSquare(W, H))]);
      const { browser, page, errors } = await open(
        server.url,
        [
          "--use-fake-device-for-media-stream",
          "--use-fake-ui-for-media-stream",
          `--use-file-for-fake-video-capture=${video}`,
        ],
        true,
      );
      try {
        await page.waitForFunction(
          (want) => document.querySelector("#results li")?.getAttribute("data-class") === String(want),
          pick.label,
          { timeout: 30_000 },
        );
        expect(await page.textContent("#results li")).toContain(CLASS_NAMES[pick.label]);
        expect(await page.textContent("#status")).toContain("blue square");
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    }
  });

  it("takes the report's screenshot: the blue square over the camera frame and the top three", async () => {
    const pick = picks[0];
    const shot = await demoScreenshot(join(work, "model"), pick.image);
    expect(shot.top.length).toBe(3);
    expect(shot.top[0].index).toBe(pick.label);
    expect(shot.top[0].text).toContain(CLASS_NAMES[pick.label]);
    const png = PNG.sync.read(shot.png);
    expect([png.width, png.height]).toEqual([1000, 640]);
    // the page draws the square in #1e4bff: some of its pixels are in the picture
    let blue = 0;
    for (let i = 0; i < png.data.length; i += 4)
      if (png.data[i] === 0x1e && png.data[i + 1] === 0x4b && png.data[i + 2] === 0xff) blue++;
    expect(blue).toBeGreaterThan(500);
    // the same model and image give the same bytes: no frame rate or timing in the picture
    const again = await demoScreenshot(join(work, "model"), pick.image);
    expect(again.png.equals(shot.png), "a second screenshot differs from the first").toBe(true);
  }, 180_000);

  it("gives the demo chapter the screenshot when the exported model is the run's, else the export command", async () => {
    const shown = await demoFigure(run, picks[0].image, join(work, "model"));
    if (!isCaptionedFigure(shown)) throw new Error(`expected the screenshot, got: ${shown["text/plain"]}`);
    expect(typeof shown.figure["image/png"]).toBe("string");
    expect(shown.caption).toContain(`top class ${CLASS_NAMES[picks[0].label]}`);
    const note = await demoFigure(run, picks[0].image, join(work, "no-model"));
    if (isCaptionedFigure(note)) throw new Error(`expected a note, got the figure: ${note.caption}`);
    expect(note["image/png"]).toBeUndefined();
    expect(note["text/plain"]).toContain(`is not exported yet. \`npm run export -- ${run.name}\``);
  }, 120_000);

  it("classifies an uploaded test-set PNG", async () => {
    const pick = picks[1];
    const png = join(work, `test-${pick.index}.png`);
    writeFileSync(png, encodeGrayPng(pick.image, 28, 28));
    const { browser, page, errors } = await open(server.url, [], false);
    try {
      await page.waitForSelector("#status.error"); // no camera here
      await page.setInputFiles("#upload", png);
      await page.waitForFunction(() => document.querySelector("#results li") !== null);
      expect(await page.getAttribute("#results li", "data-class")).toBe(String(pick.label));
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("says so when the camera is denied", async () => {
    const { browser, page, errors } = await open(server.url, ["--use-fake-device-for-media-stream"], false);
    try {
      await page.waitForSelector("#status.error");
      expect(await page.textContent("#status")).toMatch(/Camera access was denied|No camera found/);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("names the command that makes the model when none is exported", async () => {
    const { browser, page } = await open(emptyServer.url, [], false);
    try {
      await page.waitForSelector("#status.error");
      expect(await page.textContent("#status")).toContain("npm run export");
    } finally {
      await browser.close();
    }
  });
});
if (!hasData) console.log(`skipping the demo browser tests: ${REAL_DATA_SKIP_REASON}`);
