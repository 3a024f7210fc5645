/** The legend check of drawn charts, in headless Chromium on charts made to pass and to fail it. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { launchChromium } from "../../../src/report/print/browser.js";
import { comparisonDots, figureBundle } from "../../../src/report/display/charts.js";
import { chartLayoutProblems } from "../../../src/report/print/chart-check.js";

const plotly = readFileSync("node_modules/plotly.js-dist-min/plotly.min.js", "utf8");
const bars = (legend: Record<string, unknown>, summary: string) =>
  figureBundle(
    {
      data: [
        { type: "bar", name: "ours", x: ["simple_model_1", "inception_resnet"], y: [85, 91] },
        { type: "bar", name: "original", x: ["simple_model_1", "inception_resnet"], y: [92, 95] },
      ],
      layout: { height: 400, legend: { orientation: "h", ...legend } },
    },
    summary,
  );

describe("chartLayoutProblems", () => {
  it("names a chart whose legend covers its axis labels or leaves the chart, and passes the report's bars", async () => {
    const charts = [
      bars({ x: 0, y: -0.02, yanchor: "top" }, "legend on the labels"),
      bars({}, "a chart cut short"),
      comparisonDots(
        [
          { label: "simple_model_1", ours: 85.8, original: 92.15, interval: [84.7, 86.8] },
          { label: "inception_resnet", ours: 91.17, original: 94.8, interval: [90.3, 92.0] },
        ],
        "the report's comparison bars",
        "ours",
      ),
    ];
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 700, height: 900 } });
      await page.setContent(
        `<html><body><script>${plotly}</script>${charts.map((c) => c["text/html"]).join("")}</body></html>`,
      );
      await page.waitForFunction(() => document.querySelectorAll(".plotly-chart svg.main-svg").length >= 3);
      // the second chart's SVGs shown shorter than drawn (as the printed page once shrank them): its legend is cut off
      await page.evaluate(() => {
        for (const svg of document.querySelectorAll<SVGElement>(".plotly-chart:nth-of-type(2) svg.main-svg"))
          svg.style.height = "300px";
      });
      const problems = await page.evaluate(chartLayoutProblems);
      expect(problems).toEqual([
        'legend on the labels: the legend covers the label "simple_model_1"',
        "a chart cut short: the legend reaches outside the chart",
      ]);
    } finally {
      await browser.close();
    }
  });
});
