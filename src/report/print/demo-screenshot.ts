/**
 * A screenshot of the running webcam demo for the report: the demo server serving an exported
 * model, headless Chromium with a fake camera that shows one test image inside the blue square,
 * captured once the page lists its top three classes. The browser test takes the same shot.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { centredSquare } from "../../demo/preprocess.js";
import { frameWithImage, writeGrayY4m } from "../../demo/frames.js";
import { startDemoServer } from "../../demo/server.js";
import { describeConfig } from "../../experiments/config.js";
import { exportedRunName } from "../../experiments/run-model.js";
import type { Run } from "../../experiments/store.js";
import { demoModelDir, displayPath } from "../../util/paths.js";
import { launchChromium } from "./browser.js";
import { markdownNote } from "../display/tables.js";
import type { CaptionedFigure, MimeBundle } from "../display/display.js";
import { pngFigure } from "../display/figures.js";

/** What the screenshot shows in place of the measured frame rate. */
export const FPS_PLACEHOLDER = "(measured live; left out of this picture)";

/** The fake camera's frame size (a common webcam's). */
const CAMERA = { width: 640, height: 480 } as const;

export interface DemoShot {
  /** The page as a PNG. */
  png: Buffer;
  /** The page's top three, as it lists them (class index and text). */
  top: { index: number; text: string }[];
}

/** The demo page with `modelDir`'s model, its camera showing `image` (28×28, [0, 1]) in the blue square. */
export async function demoScreenshot(modelDir: string, image: Float32Array): Promise<DemoShot> {
  const work = mkdtempSync(join(tmpdir(), "fmnist-demo-shot-"));
  const video = join(work, "camera.y4m");
  writeGrayY4m(video, CAMERA.width, CAMERA.height, [
    frameWithImage(CAMERA.width, CAMERA.height, image, centredSquare(CAMERA.width, CAMERA.height)),
  ]);
  const server = await startDemoServer({ modelDir });
  const browser = await launchChromium([
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    `--use-file-for-fake-video-capture=${video}`,
  ]);
  try {
    const context = await browser.newContext({ permissions: ["camera"], viewport: { width: 1000, height: 640 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector("#results li", { timeout: 60_000 });
    // a few frames on, so the frame rate is measured and the list is the settled one
    await page.waitForFunction(() => /\d/.test(document.querySelector("#fps")?.textContent ?? ""), null, {
      timeout: 30_000,
    });
    const top = await page.$$eval("#results li", (items) =>
      items.map((li) => ({ index: Number(li.getAttribute("data-class")), text: li.textContent ?? "" })),
    );
    // the frame rate and the backend's timing depend on the machine and the moment: the stored screenshot leaves them out,
    // so the same model and image give the same picture (the report re-executes to the same bytes)
    await page.evaluate((text) => {
      const fps = document.querySelector("#fps");
      if (fps) fps.textContent = text;
      // "wasm (24.1 ms per frame at start)": the backend stays, its timing goes
      const backend = document.querySelector("#backend");
      if (backend) backend.textContent = (backend.textContent ?? "").replace(/\s*\([\d.]+ ms per frame at start\)/, "");
    }, FPS_PLACEHOLDER);
    return { png: await page.screenshot(), top };
  } finally {
    await browser.close();
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The demo chapter's figure: the page with the exported model of `run`, its camera showing
 * `image`; or, when the exported model is not that run's, a note with the command that exports it.
 */
export async function demoFigure(
  run: Run,
  image: Float32Array,
  exportDir = demoModelDir(),
): Promise<MimeBundle | CaptionedFigure> {
  const exported = exportedRunName(exportDir);
  if (exported !== run.name)
    return markdownNote(
      `No screenshot: the demo's model (${displayPath(exportDir)}) ${exported ? `is ${exported}, not ${run.name}` : "is not exported yet"}. \`npm run export -- ${run.name}\` exports it; the next execution of this chapter takes the screenshot.`,
    );
  const shot = await demoScreenshot(exportDir, image);
  const caption = `The demo page with the exported model (${describeConfig(run.config)}), its camera (a fake one) showing the test image above inside the blue square: top class ${shot.top[0].text}.`;
  return pngFigure(shot.png, caption, "max-width:100%;height:auto");
}
