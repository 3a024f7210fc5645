/**
 * Static PNG copies of the notebooks' Plotly charts, SVG diagrams and rows of labelled images,
 * drawn by headless Chromium and added to each output beside its other forms. Quarto's PDF
 * (LaTeX takes no SVG or HTML, and any viewer without JavaScript) shows the PNG; JupyterLab and
 * the HTML report keep the interactive chart, the SVG and the HTML.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { writeFileAtomic } from "../../util/atomic.js";
import { projectPath } from "../../util/paths.js";
import { launchChromium } from "./browser.js";
import { chartLayoutProblems } from "./chart-check.js";
import { IMAGE_STRIP_CLASS } from "../display/display.js";
import { notebookText } from "./notebook-file.js";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";
/** The static copies' width in pixels (Quarto's PDF scales them to its text width). */
const PNG_WIDTH = 800;

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
}
interface Notebook {
  cells: { outputs?: Output[] }[];
}

/** A chart whose static copy would show its legend in the way (see chart-check.ts). */
export class ChartLayoutError extends Error {}

/** The chart drawn at the static copy's size, checked, and its PNG (base64). */
async function toPng(
  page: Page,
  fig: { layout?: { height?: number } },
  summary: string,
  notebook: string,
): Promise<string> {
  const height = fig.layout?.height ?? 420;
  await page.evaluate(
    ([f, width, h, name]) => {
      const chart = document.createElement("div");
      chart.className = "plotly-chart";
      chart.dataset.summary = name as string;
      chart.style.cssText = `width:${width}px;height:${h}px`;
      document.body.replaceChildren(chart);
      const plotly = (window as unknown as { Plotly: { newPlot(el: Element, d: unknown, l: unknown): Promise<void> } })
        .Plotly;
      const { data, layout } = f as { data: unknown; layout: unknown };
      return plotly.newPlot(chart, data, layout);
    },
    [fig, PNG_WIDTH, height, summary] as const,
  );
  const problems = await page.evaluate(chartLayoutProblems);
  if (problems.length)
    throw new ChartLayoutError(`report: ${notebook}: a chart's static copy would show ${problems[0]}`);
  const url: string = await page.evaluate(
    ([width, h]) =>
      (window as unknown as { Plotly: { toImage(el: Element, o: object): Promise<string> } }).Plotly.toImage(
        document.querySelector(".plotly-chart")!,
        { format: "png", width, height: h },
      ),
    [PNG_WIDTH, height] as const,
  );
  return url.replace(/^data:image\/png;base64,/, "");
}

async function svgToPng(page: Page, svg: string): Promise<string> {
  await page.setContent(`<html><body style="margin:0;background:#fff">${svg}</body></html>`);
  return (await page.locator("svg").first().screenshot({ scale: "device" })).toString("base64");
}

/** A row of labelled images (figures.ts' imageStrip) as the HTML page lays it out at the static copies' width. */
async function stripToPng(page: Page, html: string): Promise<string> {
  await page.setContent(
    `<html><body style="margin:0;background:#fff;font-family:'DejaVu Sans',sans-serif"><div style="width:${PNG_WIDTH}px">${html}</div></body></html>`,
  );
  return (await page.locator(`.${IMAGE_STRIP_CLASS}`).first().screenshot({ scale: "device" })).toString("base64");
}

/** A text output as one string (a notebook file keeps it as a list of lines). */
const textOf = (v: unknown) => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "");

const isStrip = (html: string) => html.startsWith(`<div class="${IMAGE_STRIP_CLASS}">`);

/** Adds image/png to every chart, diagram or image-strip output lacking one, in each notebook file. Returns the count. */
export async function rasterizeCharts(notebookPaths: string[]): Promise<number> {
  const browser = await launchChromium();
  let count = 0;
  try {
    const page = await browser.newPage();
    const svgPage = await browser.newPage({ deviceScaleFactor: 2 });
    await page.setContent("<html><body></body></html>");
    await page.addScriptTag({
      content: readFileSync(projectPath("node_modules/plotly.js-dist-min/plotly.min.js"), "utf8"),
    });
    for (const path of notebookPaths) {
      const nb = JSON.parse(readFileSync(path, "utf8")) as Notebook;
      let changed = false;
      for (const cell of nb.cells) {
        for (const out of cell.outputs ?? []) {
          const fig = out.data?.[PLOTLY_MIME];
          const svg = out.data?.["image/svg+xml"];
          const html = textOf(out.data?.["text/html"]);
          const strip = isStrip(html);
          if ((!fig && !svg && !strip) || out.data!["image/png"]) continue;
          out.data!["image/png"] = fig
            ? await toPng(page, fig as object, String(out.data!["text/plain"] ?? "a chart"), path)
            : svg
              ? await svgToPng(svgPage, String(svg))
              : await stripToPng(svgPage, html);
          changed = true;
          count++;
        }
      }
      if (changed) writeFileAtomic(path, notebookText(nb));
    }
  } finally {
    await browser.close();
  }
  return count;
}
