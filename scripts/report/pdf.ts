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
  await page.waitForFunction(() => [...document.querySelectorAll(".plotly-chart")].every((el) => el.querySelector("svg.main-svg")), null, { timeout: 60_000 });
  await page.emulateMedia({ media: "print" });
  await page.pdf({ path: join(site, "report.pdf"), format: "A4", printBackground: true, margin: { top: "15mm", bottom: "15mm", left: "12mm", right: "12mm" } });
  console.log(`report: wrote ${join(site, "report.pdf")}`);
} finally {
  await browser.close();
}
