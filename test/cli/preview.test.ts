/** The committed augmentation preview is what npm run preview makes today: the same inputs, the same bytes. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { previewPng, studyPreviewGrid } from "../../src/augment/preview.js";
import { loadTrainingSet } from "../../src/data/dataset.js";
import { realDataDir, REAL_DATA_SKIP_REASON } from "../helpers/fixtures.js";

const real = realDataDir();
if (!real) console.log(`skipping the committed preview's check: ${REAL_DATA_SKIP_REASON}`);

describe.skipIf(!real)("output_dir/previews/augment.png", () => {
  it("is the preview npm run preview makes from the real data (seed 0), byte for byte", () => {
    const png = previewPng(studyPreviewGrid(loadTrainingSet(), 0));
    const committed = readFileSync("output_dir/previews/augment.png");
    expect(Buffer.from(png).equals(committed), "stale: run npm run preview and commit the file").toBe(true);
  });
});
