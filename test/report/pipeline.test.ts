/**
 * The report as a user gets it: every notebook executes on the tslab kernel (smoke profile,
 * into a scratch run store), gets static copies of its charts, renders to a site, opens in headless Chromium with every chart
 * drawn and working navigation, and prints to a PDF with every section.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PNG } from "pngjs";
import { parse } from "yaml";
import { MODEL_NAMES } from "../../src/config.js";
import { launchChromium } from "../../src/report/print/browser.js";
import { chartLayoutProblems } from "../../src/report/print/chart-check.js";
import { tmpDir } from "../helpers/fixtures.js";

const venvPython = resolve(".venv/bin/python");
const ready = existsSync(venvPython) && existsSync(".venv/share/jupyter/kernels/tslab/kernel.json");
const work = resolve(".cache/report-test");
const notebooksDir = join(work, "notebooks");
const site = join(work, "site");
const siteWithCode = join(work, "site-with-code");
const againDir = join(work, "notebooks-again");

describe.skipIf(!ready)("the report pipeline (smoke profile)", () => {
  // each chapter's title: the first heading of each notebook the book lists
  const chapters = (
    parse(readFileSync("_quarto.yml", "utf8")) as { book: { chapters: string[] } }
  ).book.chapters.filter((c) => c.endsWith(".ipynb"));
  const titles = chapters.map(
    (c) =>
      /^# (.+)$/m.exec(([] as string[]).concat(JSON.parse(readFileSync(c, "utf8")).cells[0].source).join(""))?.[1] ?? c,
  );

  /** Copies the project's notebooks into `dir`, executes them on `env`'s run store and adds the charts' static copies, as npm run report does. */
  function executeReport(dir: string, env: NodeJS.ProcessEnv): void {
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync("notebooks").filter((f) => f.endsWith(".ipynb")))
      cpSync(join("notebooks", f), join(dir, f));
    const nbs = readdirSync(dir)
      .filter((f) => f.endsWith(".ipynb"))
      .sort()
      .map((f) => join(dir, f));
    const run = spawnSync(venvPython, ["scripts/report/execute_notebooks.py", ...nbs], { env, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`executing the notebooks failed:\n${run.stdout}\n${run.stderr}`);
    execFileSync(process.execPath, ["--import", "tsx", "scripts/report/rasterize.ts", ...nbs]);
  }

  beforeAll(() => {
    rmSync(work, { recursive: true, force: true });
    execFileSync("bash", ["scripts/build.sh"]);
    const env = { ...process.env, FMNIST_PROFILE: "smoke", FMNIST_OUTPUT_DIR: tmpDir("fmnist-report-runs-") };
    // the store first (as a clone holds its committed runs), then the report twice from it
    execFileSync(process.execPath, ["--import", "tsx", "src/cli/study.ts", "--profile", "smoke"], {
      env,
      stdio: "pipe",
    });
    executeReport(notebooksDir, env);
    executeReport(againDir, env);
    execFileSync(venvPython, ["scripts/report/render_site.py", site, notebooksDir], { env });
    execFileSync(process.execPath, ["--import", "tsx", "scripts/report/pdf.ts", site]);
    // the same report printed with its code (npm run report -- --with-code)
    execFileSync(venvPython, ["scripts/report/render_site.py", siteWithCode, notebooksDir], {
      env: { ...env, REPORT_WITH_CODE: "1" },
    });
    execFileSync(process.execPath, ["--import", "tsx", "scripts/report/pdf.ts", siteWithCode]);
  }, 1_500_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("executes every notebook without an error output", () => {
    for (const f of readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb"))) {
      const nb = JSON.parse(readFileSync(join(notebooksDir, f), "utf8"));
      const outputs = nb.cells.flatMap((c: { outputs?: { output_type: string }[] }) => c.outputs ?? []);
      expect(
        outputs.some((o: { output_type: string }) => o.output_type === "error"),
        f,
      ).toBe(false);
      expect(outputs.length, f).toBeGreaterThan(0);
      // every chart carries its static copy for Quarto's PDF
      const charts = outputs.filter(
        (o: { data?: Record<string, unknown> }) => o.data?.["application/vnd.plotly.v1+json"],
      );
      expect(
        charts.every((o: { data: Record<string, unknown> }) => typeof o.data["image/png"] === "string"),
        f,
      ).toBe(true);
      // and a row of labelled images (HTML) its printed copy drawn from that HTML
      const strips = outputs.filter((o: { data?: Record<string, unknown> }) =>
        ([] as string[])
          .concat((o.data?.["text/html"] as string[]) ?? [])
          .join("")
          .startsWith('<div class="image-strip">'),
      );
      expect(
        strips.every((o: { data: Record<string, unknown> }) => typeof o.data["image/png"] === "string"),
        `${f}: a row of images without its printed copy`,
      ).toBe(true);
      // and each chart, diagram and picture a caption saying what it shows, as the output right after it
      const figures = outputs.filter(
        (o: { data?: Record<string, unknown> }) =>
          o.data?.["application/vnd.plotly.v1+json"] || o.data?.["image/svg+xml"] || o.data?.["image/png"],
      );
      const captioned = figures.filter((o: { data?: Record<string, unknown> }) =>
        String(outputs[outputs.indexOf(o) + 1]?.data?.["text/html"] ?? "").includes('class="figure-caption"'),
      );
      expect(captioned.length, `${f}: charts, diagrams or pictures without a caption`).toBe(figures.length);
    }
  });

  it("gives the same bytes when run again on the same store (a second npm run report leaves git status empty)", () => {
    for (const f of readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")))
      expect(readFileSync(join(againDir, f), "utf8") === readFileSync(join(notebooksDir, f), "utf8"), f).toBe(true);
  });

  it("opens in Chromium with no console errors, every chart drawn, and working navigation", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(e.message));
      let charts = 0;
      for (const f of readdirSync(site).filter((f) => f.endsWith(".html") && f !== "print.html")) {
        await page.goto(pathToFileURL(join(site, f)).href);
        const expected = (readFileSync(join(site, f), "utf8").match(/class="plotly-chart"/g) ?? []).length;
        // drawn: Plotly has laid out the chart's data and put its SVG in the page
        const drawnCount = () =>
          [...document.querySelectorAll(".plotly-chart")].filter(
            (el) =>
              el.querySelector("svg.main-svg") &&
              ((el as unknown as { _fullData?: unknown[] })._fullData?.length ?? 0) > 0,
          ).length;
        await page.waitForFunction(`(${drawnCount})() >= ${expected}`, null, { timeout: 30_000 });
        const drawn = await page.evaluate(drawnCount);
        expect(drawn, f).toBe(expected);
        charts += drawn;
        // no legend over an axis label or cut off, on screen (the PDF printer checks the printed page)
        expect(await page.evaluate(chartLayoutProblems), f).toEqual([]);
      }
      expect(charts).toBeGreaterThanOrEqual(10);
      expect(errors).toEqual([]);
      await page.goto(pathToFileURL(join(site, "index.html")).href);
      await page.click('nav.report-nav a[href="03-architectures.html"]');
      await page.waitForURL(/03-architectures\.html$/);
      expect(await page.textContent("h1")).toContain("Comparing architectures");
    } finally {
      await browser.close();
    }
  });

  it("prints a PDF with a page per section, every title, and visible charts", () => {
    const pdf = join(site, "report.pdf");
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThanOrEqual(titles.length + 1);
    const text = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" });
    for (const t of titles) expect(text).toContain(t);
    // the layer tables folded on screen are printed open: every model's, with its header row
    for (const model of MODEL_NAMES)
      expect(text).toMatch(new RegExp(`${model}:\\s+[\\d,]+\\s+trainable\\s+parameters`));
    expect(text.match(/multiply-adds/g)?.length ?? 0).toBeGreaterThanOrEqual(MODEL_NAMES.length);
    // the page that holds the first chart of the architectures chapter is not blank
    const pages = text.split("\f");
    const n = pages.findIndex((p) => p.includes("Best dev accuracy: ours vs the original")) + 1;
    expect(n).toBeGreaterThan(0);
    const prefix = join(work, "page");
    execFileSync("pdftoppm", ["-png", "-r", "40", "-f", String(n), "-l", String(n), pdf, prefix]);
    const png = PNG.sync.read(
      readFileSync(
        readdirSync(work)
          .filter((f) => f.startsWith("page"))
          .map((f) => join(work, f))[0],
      ),
    );
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4)
      colours.add((png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2]);
    expect(colours.size).toBeGreaterThan(50);
  });

  it("prints a title page, a contents page with page numbers, numbered pages, a bookmark per chapter, and no code", () => {
    const pdf = join(site, "report.pdf");
    const pages = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" }).split("\f").slice(0, -1);
    // title page: the date, the commit and the budget profile
    expect(pages[0]).toMatch(/Rendered \d{4}-\d{2}-\d{2}/);
    expect(pages[0]).toMatch(/git commit [0-9a-f]{12}/);
    expect(pages[0]).toContain("budget profile smoke");
    // every page numbered "n / N" in its footer
    pages.forEach((p, i) => expect(p, `page ${i + 1}`).toContain(`${i + 1} / ${pages.length}`));
    // the contents: each chapter with the page it starts on
    const contents = pages[1];
    expect(contents).toContain("Contents");
    for (const t of titles) {
      const n = Number(
        new RegExp(`^\\s*${t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s+(\\d+)\\s*$`, "m").exec(contents)?.[1],
      );
      expect(n, `contents entry of ${t}`).toBeGreaterThan(2);
      expect(pages[n - 1].replace(/\s+/g, " "), `page ${n} starts ${t}`).toContain(t);
    }
    // PDF bookmarks: one per chapter at least
    const bookmarks = [...readFileSync(pdf, "latin1").matchAll(/\/Title \(([^)]*)\)/g)].map((m) => m[1]);
    for (const t of titles) expect(bookmarks, t).toContain(t);
    // code left out of the PDF, unless asked for
    const code = 'from "fashion-mnist-study"';
    expect(pages.join("")).not.toContain(code);
    const withCode = execFileSync("pdftotext", [join(siteWithCode, "report.pdf"), "-"], { encoding: "utf8" });
    expect(withCode).toContain(code);
  });

  it("folds code on the site's pages: hidden until its toggle is clicked", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(join(site, "03-architectures.html")).href);
      const folds = page.locator("details.code-fold");
      expect(await folds.count()).toBeGreaterThan(0);
      const first = folds.first().locator(".jp-Cell-inputWrapper");
      expect(await first.isVisible()).toBe(false);
      await folds.first().locator("summary").click();
      expect(await first.isVisible()).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
if (!ready)
  console.log("skipping the report pipeline tests: .venv with the tslab kernel is missing (run scripts/setup.sh)");
