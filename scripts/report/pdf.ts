/**
 * Prints the rendered report (SITE/print.html) to SITE/report.pdf with headless Chromium: page
 * numbers in the footer, PDF bookmarks from the headings, and the contents page's page numbers
 * filled in from a first printing (the contents take the same pages either way).
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { launchChromium } from "../../src/report/print/browser.js";
import { chartLayoutProblems } from "../../src/report/print/chart-check.js";
import { PRINT_TITLE_ROOM, printedChartHeight, type ChartBox } from "../../src/report/display/print-charts.js";

const site = resolve(process.argv[2] ?? "_site");
const pdfPath = join(site, "report.pdf");
/** The page's side margins on paper. */
const MARGIN_MM = 12;
/** The width the page is laid out at (px), and the printed one's: A4 less the margins, at 96 px an inch. */
const LAYOUT_WIDTH_PX = 720;
const PAPER_WIDTH_PX = Math.floor(((210 - 2 * MARGIN_MM) / 25.4) * 96);
/** A page that would print badly (a chart or table too wide, a legend in the way): said in one line, not printed. */
class PrintCheckError extends Error {}

const FOOTER = `<div style="font: 8px system-ui, sans-serif; color: #666; width: 100%; text-align: center;"><span class="pageNumber"></span> / <span class="totalPages"></span></div>`;

async function print(page: Page): Promise<void> {
  await page.pdf({
    path: pdfPath,
    format: "A4",
    printBackground: true,
    outline: true,
    tagged: true,
    displayHeaderFooter: true,
    headerTemplate: "<div></div>",
    footerTemplate: FOOTER,
    margin: { top: "15mm", bottom: "18mm", left: `${MARGIN_MM}mm`, right: `${MARGIN_MM}mm` },
  });
}

/** The printed page (1-based) of each contents target, found in order in the PDF's text after the contents. */
function pagesOf(targets: { id: string; title: string }[]): Map<string, number> {
  const pages = execFileSync("pdftotext", ["-enc", "UTF-8", pdfPath, "-"], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  }).split("\f");
  const norm = (s: string) => s.replace(/[¶\s]+/g, " ").trim();
  const contentsEnd = pages.findIndex((p) => p.includes("Contents")) + 1;
  const found = new Map<string, number>();
  let from = contentsEnd;
  for (const { id, title } of targets) {
    const want = norm(title);
    // a heading on a line of its own, or (a long one, wrapped) within the page's text
    const at = pages.findIndex(
      (p, i) =>
        i >= from &&
        (p.split("\n").some((line) => norm(line) === want) || (want.length > 30 && norm(p).includes(want))),
    );
    if (at < 0) continue; // not found as a line of its own: left without a number
    found.set(id, at + 1);
    from = at;
  }
  return found;
}

// an earlier run's PDF must not pass for this one's if this one fails
rmSync(pdfPath, { force: true });
const browser = await launchChromium();
try {
  // Lay the page out at the printable width of A4, so charts are drawn to fit it.
  const page = await browser.newPage({ viewport: { width: LAYOUT_WIDTH_PX, height: 1000 } });
  await page.goto(pathToFileURL(join(site, "print.html")).href, { waitUntil: "load" });
  // every chart drawn before printing
  await page.waitForFunction(
    () => [...document.querySelectorAll(".plotly-chart")].every((el) => el.querySelector("svg.main-svg")),
    null,
    { timeout: 60_000 },
  );
  await page.emulateMedia({ media: "print" });
  // paper cannot unfold: the layer tables folded on screen are printed open (as Quarto's PDF prints them)
  await page.evaluate(() => {
    for (const d of document.querySelectorAll<HTMLDetailsElement>("details.layer-table")) d.open = true;
  });
  // The print styles narrow the output area (674 → 590 px at this width); Plotly sized each
  // chart when it drew it, so redraw them at their printed width or their right side is cut.
  // On paper a chart is also drawn shorter (see print-charts.ts), so that two fit on a page and
  // one fits below a few paragraphs more often, instead of leaving the rest of a page empty.
  const boxes = await page.evaluate(() =>
    [...document.querySelectorAll(".plotly-chart")].map((el) => {
      const { height, margin } = (el as unknown as { _fullLayout: ChartBox })._fullLayout;
      return { height, margin: { t: margin.t, b: margin.b } };
    }),
  );
  await page.evaluate(
    ({ heights, titleRoom }) => {
      const plotly = (window as unknown as { Plotly: { relayout(el: Element, update: object): Promise<void> } }).Plotly;
      return Promise.all(
        [...document.querySelectorAll<HTMLElement>(".plotly-chart")].map((el, i) => {
          el.style.height = `${heights[i]}px`;
          return plotly.relayout(el, { height: heights[i], "margin.t": titleRoom, width: el.clientWidth });
        }),
      );
    },
    { heights: boxes.map(printedChartHeight), titleRoom: PRINT_TITLE_ROOM },
  );
  // Printing lays the page out once more, at the paper's width, without letting Plotly redraw:
  // a chart's SVGs then shrink to the narrower column (max-width 100%, height auto) while their
  // drawing keeps its size, which cut off the bottom (the legend). A viewBox makes the drawing
  // scale with its SVG instead.
  await page.evaluate(() => {
    for (const svg of document.querySelectorAll(".plotly-chart svg.main-svg"))
      svg.setAttribute("viewBox", `0 0 ${svg.getAttribute("width")} ${svg.getAttribute("height")}`);
  });
  const covered = await page.evaluate(chartLayoutProblems);
  if (covered.length > 0)
    throw new PrintCheckError(
      `report: ${covered.length} printed chart(s) with a legend in the way, e.g. ${covered[0]}`,
    );
  const tooWide = await page.evaluate(() =>
    [...document.querySelectorAll(".plotly-chart")]
      .filter((el) => Number(el.querySelector("svg.main-svg")!.getAttribute("width")) > el.parentElement!.clientWidth)
      .map((el) => el.getAttribute("data-summary")),
  );
  if (tooWide.length > 0)
    throw new PrintCheckError(`report: ${tooWide.length} chart(s) wider than the printed page, e.g. ${tooWide[0]}`);
  const imagesTooWide = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLImageElement>(".jp-OutputArea-output img")]
      .filter((img) => img.getBoundingClientRect().width > img.parentElement!.clientWidth + 1)
      .map((img) => img.alt || img.src.slice(0, 60)),
  );
  // Printing lays the page out again at the paper's width: the page is laid out that much
  // narrower here too while the tables are measured, and each must still fit in its column, or
  // its right side is cut off on paper.
  const tablesTooWide = await page.evaluate((narrower) => {
    const body = document.body.style.width;
    document.body.style.width = `${parseFloat(getComputedStyle(document.body).width) - narrower}px`;
    const cut = [...document.querySelectorAll<HTMLTableElement>("table")]
      .filter((t) => t.getBoundingClientRect().right > t.parentElement!.getBoundingClientRect().right + 1)
      .map((t) => t.caption?.textContent?.slice(0, 60) ?? "a table");
    document.body.style.width = body;
    return cut;
  }, LAYOUT_WIDTH_PX - PAPER_WIDTH_PX);
  if (tablesTooWide.length > 0)
    throw new PrintCheckError(
      `report: ${tablesTooWide.length} table(s) wider than the printed page, e.g. ${tablesTooWide[0]}`,
    );
  if (imagesTooWide.length > 0)
    throw new PrintCheckError(
      `report: ${imagesTooWide.length} image(s) wider than the printed page, e.g. ${imagesTooWide[0]}`,
    );
  await print(page);
  const targets = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("nav.contents .toc-page")].map((el) => ({
      id: el.dataset.for!,
      title: document.getElementById(el.dataset.for!)?.textContent ?? "",
    })),
  );
  if (targets.length > 0) {
    const pages = pagesOf(targets);
    await page.evaluate(
      (entries) => {
        for (const [id, n] of entries) {
          const el = document.querySelector<HTMLElement>(`nav.contents .toc-page[data-for="${id}"]`);
          if (el) el.textContent = String(n);
        }
      },
      [...pages],
    );
    await print(page);
    console.log(`report: contents page numbers for ${pages.size} of ${targets.length} headings`);
  }
  console.log(`report: wrote ${pdfPath}`);
} catch (err) {
  if (!(err instanceof PrintCheckError)) throw err;
  console.error(`${err.message}; nothing printed: fix the chart or table and run again`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
