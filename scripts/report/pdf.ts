/** Prints the rendered report (SITE/print.html) to SITE/report.pdf with headless Chromium. */
import { pathToFileURL } from "node:url";
import { join, resolve } from "node:path";
import { launchChromium } from "../../src/report/browser.js";

const site = resolve(process.argv[2] ?? "_site");
const browser = await launchChromium();
try {
  // Lay the page out at the printable width of A4, so charts are drawn to fit it.
  const page = await browser.newPage({ viewport: { width: 720, height: 1000 } });
  await page.goto(pathToFileURL(join(site, "print.html")).href, { waitUntil: "load" });
  // every chart drawn before printing
  await page.waitForFunction(
    () => [...document.querySelectorAll(".plotly-chart")].every((el) => el.querySelector("svg.main-svg")),
    null,
    { timeout: 60_000 },
  );
  await page.emulateMedia({ media: "print" });
  // The print styles narrow the output area (674 → 590 px at this width); Plotly sized each
  // chart when it drew it, so redraw them at their printed width or their right side is cut.
  await page.evaluate(() => {
    const plotly = (window as unknown as { Plotly: { Plots: { resize(el: Element): Promise<void> } } }).Plotly;
    return Promise.all([...document.querySelectorAll(".plotly-chart")].map((el) => plotly.Plots.resize(el)));
  });
  const tooWide = await page.evaluate(() =>
    [...document.querySelectorAll(".plotly-chart")]
      .filter((el) => Number(el.querySelector("svg.main-svg")!.getAttribute("width")) > el.parentElement!.clientWidth)
      .map((el) => el.getAttribute("data-summary")),
  );
  if (tooWide.length > 0)
    throw new Error(`report: ${tooWide.length} chart(s) wider than the printed page, e.g. ${tooWide[0]}`);
  await page.pdf({
    path: join(site, "report.pdf"),
    format: "A4",
    printBackground: true,
    margin: { top: "15mm", bottom: "15mm", left: "12mm", right: "12mm" },
  });
  console.log(`report: wrote ${join(site, "report.pdf")}`);
} finally {
  await browser.close();
}
