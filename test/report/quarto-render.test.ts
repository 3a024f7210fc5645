/**
 * The book rendered by the real Quarto: every chapter present, every chart drawn (headless
 * Chromium), the project's .gitignore untouched. Quarto comes from PATH, or is assembled from
 * ../shared/tools/quarto where that exists (a developer's and CI's machine); elsewhere the test
 * is skipped, saying why. PDF: Quarto 1.7 renders books to PDF only through LaTeX, so that part
 * runs where xelatex is installed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { launchChromium } from "../../src/report/print/browser.js";
import { chartLayoutProblems } from "../../src/report/print/chart-check.js";
import { markdownNote } from "../../src/report/display/tables.js";
import { MODEL_NAMES } from "../../src/config.js";
import { tmpDir } from "../helpers/fixtures.js";

const ASSEMBLE = resolve("../shared/tools/quarto/assemble.sh");

function findQuarto(): { path: string | null; why: string } {
  const onPath = spawnSync("sh", ["-c", "command -v quarto"], { encoding: "utf8" }).stdout.trim();
  if (onPath) return { path: onPath, why: "" };
  if (!existsSync(ASSEMBLE)) return { path: null, why: `Quarto is not on PATH and ${ASSEMBLE} is not here` };
  const r = spawnSync("bash", [ASSEMBLE], { encoding: "utf8", timeout: 300_000 });
  const last = r.stdout.trim().split("\n").at(-1) ?? "";
  if (r.status !== 0 || !existsSync(last))
    return { path: null, why: `assembling Quarto failed: ${(r.stderr || r.stdout).trim().split("\n").at(-1)}` };
  // the assembled tool must run its own binaries (a cut npm install once left deno not executable)
  const check = spawnSync(last, ["pandoc", "--version"], { encoding: "utf8", timeout: 120_000 });
  return check.status === 0
    ? { path: last, why: "" }
    : {
        path: null,
        why: `the assembled Quarto does not run: ${(check.stderr || check.stdout).trim().split("\n").at(-1)}`,
      };
}

const quarto = findQuarto();
if (!quarto.path) console.log(`skipping the Quarto render test: ${quarto.why}`);
const book = parse(readFileSync("_quarto.yml", "utf8")) as {
  book: { chapters: string[] };
  filters?: string[];
  project: { "pre-render"?: string[]; "post-render"?: string[] };
};
/** The scripts the pre- and post-render commands run (the last word of each, e.g. scripts/report/offline-book.ts). */
const renderScripts = [...(book.project["pre-render"] ?? []), ...(book.project["post-render"] ?? [])].map((cmd) =>
  cmd.split(" ").at(-1)!,
);
const chapters = book.book.chapters;

const unescapeHtml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
/** A caption's first words: enough to tell captions apart, few enough to stay on one printed line. */
const opening = (caption: string) => caption.trim().split(/\s+/).slice(0, 3).join(" ");

/**
 * Every numbered caption the book should show, in order, as "Table 2.3: first words": per
 * chapter (the notebooks in book order, numbered from 1), each table with a caption and each
 * figure (an output followed by its caption paragraph), as LaTeX numbers them.
 */
function expectedCaptions(): string[] {
  const out: string[] = [];
  chapters
    .filter((c) => c.endsWith(".ipynb"))
    .forEach((c, i) => {
      const count = { Table: 0, Figure: 0 };
      for (const cell of JSON.parse(readFileSync(c, "utf8")).cells)
        for (const o of cell.outputs ?? []) {
          const html = [].concat(o.data?.["text/html"] ?? []).join("");
          const table = /<caption>([^<]*)<\/caption>/.exec(html);
          const figure = html.startsWith('<p class="figure-caption">')
            ? [].concat(o.data["text/plain"]).join("")
            : null;
          const [kind, caption] = table ? (["Table", unescapeHtml(table[1])] as const) : (["Figure", figure] as const);
          if (caption === null) continue;
          out.push(`${kind} ${i + 1}.${++count[kind]}: ${opening(caption)}`);
        }
    });
  return out;
}

/** Renders a copy of what the book reads into `work` (so nothing is written into the project). */
function renderCopy(work: string, to: "html" | "pdf"): void {
  mkdirSync(work, { recursive: true });
  for (const f of ["_quarto.yml", ".gitignore", ...chapters, ...(book.filters ?? []), ...renderScripts]) {
    mkdirSync(dirname(join(work, f)), { recursive: true });
    cpSync(f, join(work, f));
  }
  symlinkSync(resolve("node_modules"), join(work, "node_modules"));
  execFileSync(quarto.path!, ["render", "--to", to], {
    cwd: work,
    env: { ...process.env, PATH: `${dirname(quarto.path!)}:${process.env.PATH}` },
    stdio: "pipe",
    timeout: 900_000,
  });
}

describe.skipIf(!quarto.path)("the book rendered by Quarto", () => {
  const work = join(tmpDir("fmnist-quarto-"), "book");
  const gitignore = readFileSync(".gitignore", "utf8");

  beforeAll(() => renderCopy(work, "html"), 900_000);

  it("leaves .gitignore as it was (Quarto appends /.quarto/ unless it is there)", () => {
    expect(readFileSync(join(work, ".gitignore"), "utf8")).toBe(gitignore);
  });

  it("renders every chapter, with every chart drawn", async () => {
    const pages = chapters.map((c) => join(work, "_book", c.replace(/\.(ipynb|qmd)$/, ".html")));
    for (const p of pages) expect(existsSync(p), p).toBe(true);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      // from a folder with no network: any request to another host fails the test
      const remote: string[] = [];
      await page.route(/^https?:/, (route) => {
        remote.push(route.request().url());
        return route.abort();
      });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      for (const [i, p] of pages.entries()) {
        const nb = chapters[i].endsWith(".ipynb") ? JSON.parse(readFileSync(chapters[i], "utf8")) : { cells: [] };
        const stored = nb.cells
          .flatMap((c: { outputs?: { data?: object }[] }) => c.outputs ?? [])
          .filter((o: { data?: object }) => o.data && "application/vnd.plotly.v1+json" in o.data).length;
        await page.goto(pathToFileURL(p).href);
        const drawnCount = () =>
          [...document.querySelectorAll(".plotly-chart")].filter((el) => el.querySelector("svg.main-svg")).length;
        await page.waitForFunction(`(${drawnCount})() >= ${stored}`, null, { timeout: 60_000 });
        expect([chapters[i], await page.evaluate(drawnCount)]).toEqual([chapters[i], stored]);
        expect([chapters[i], await page.evaluate(chartLayoutProblems)]).toEqual([chapters[i], []]);
      }
      expect(remote).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 300_000);

  it("says on its title page when, from which commit and at which profile it was rendered", () => {
    const index = readFileSync(join(work, "_book", "index.html"), "utf8");
    // the copy it renders is not a git checkout
    expect(index).toMatch(
      /Rendered \d{4}-\d\d-\d\d(<br>)?\s*from git commit unknown \(not a git checkout\);(<br>)?\s*budget profile (cpu|smoke|paper)/,
    );
  });

  it("loads no script or stylesheet from another host, and the Plotly script only on pages with charts", () => {
    for (const c of chapters) {
      const html = readFileSync(join(work, "_book", c.replace(/\.(ipynb|qmd)$/, ".html")), "utf8");
      expect([c, html.match(/<(script|link)[^>]+(src|href)="https?:[^"]*"/g) ?? []]).toEqual([c, []]);
      const plotly = /<script src="[^"]*plotly\.min\.js"><\/script>/.test(html);
      expect([c, plotly]).toEqual([c, html.includes('class="plotly-chart"')]);
    }
  });

  it("numbers each chapter's tables and figures as the PDF does (Table 2.3, Figure 5.1)", () => {
    const shown: string[] = [];
    for (const c of chapters.filter((c) => c.endsWith(".ipynb"))) {
      const html = readFileSync(join(work, "_book", c.replace(/\.ipynb$/, ".html")), "utf8");
      for (const m of html.matchAll(
        /(?:<caption>|<p class="figure-caption"><em>)((?:Table|Figure) \d+\.\d+: )([^<]*)/g,
      ))
        shown.push(`${m[1]}${opening(unescapeHtml(m[2]))}`);
    }
    expect(shown).toEqual(expectedCaptions());
  });

  it("folds each chapter's code under a toggle (code-fold)", () => {
    for (const c of chapters.filter((c) => c.endsWith(".ipynb"))) {
      const html = readFileSync(join(work, "_book", c.replace(/\.ipynb$/, ".html")), "utf8");
      const codeCells = JSON.parse(readFileSync(c, "utf8")).cells.filter(
        (x: { cell_type: string }) => x.cell_type === "code",
      ).length;
      expect((html.match(/<details class="code-fold">/g) ?? []).length, c).toBe(codeCells);
    }
  });
});

/** Half an inch: no word of the text block comes this close to the paper's right edge. */
const RIGHT_MARGIN_PT = 36;
/** A quarter inch: no word of the text block comes this close to the page number below it. */
const FOOT_ROOM_PT = 18;
/** Two words on one line whose boxes overlap by more than this were printed over each other. */
const OVERLAP_PT = 0.5;

/** A printed page: its width and each word's box (points from the top left), as pdftotext -bbox reads them. */
interface PrintedPage {
  width: number;
  words: { x0: number; top: number; x1: number; bottom: number; text: string }[];
}
function printedPages(pdf: string): PrintedPage[] {
  const boxes = execFileSync("pdftotext", ["-bbox", pdf, "-"], { encoding: "utf8", maxBuffer: 64 << 20 });
  return boxes
    .split("<page ")
    .slice(1)
    .map((page) => ({
      width: Number(/width="([\d.]+)"/.exec(page)![1]),
      words: [
        ...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
      ].map((m) => ({ x0: Number(m[1]), top: Number(m[2]), x1: Number(m[3]), bottom: Number(m[4]), text: m[5] })),
    }));
}

const onPath = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).stdout.trim();
// LaTeX for the PDF, and rsvg-convert for the diagrams' SVG (LaTeX takes no SVG)
const pdfTools = ["xelatex", "rsvg-convert"].filter((t) => !onPath(t));
if (quarto.path && pdfTools.length)
  console.log(
    `skipping the Quarto PDF test: ${pdfTools.join(", ")} not installed (Debian: texlive-xetex texlive-latex-extra fonts-dejavu librsvg2-bin)`,
  );

describe.skipIf(!quarto.path || pdfTools.length > 0)("the book rendered by Quarto to PDF (LaTeX)", () => {
  const work = join(tmpDir("fmnist-quarto-pdf-"), "book");
  let text = "";
  let pdf = "";
  let pages: PrintedPage[] = [];

  beforeAll(() => {
    renderCopy(work, "pdf");
    pdf = join(
      work,
      "_book",
      readdirSync(join(work, "_book")).find((f) => f.endsWith(".pdf"))!,
    );
    text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    pages = printedPages(pdf);
  }, 1_200_000);

  it("prints nothing past the right margin (wide tables wrap, long output lines are broken)", () => {
    const past: string[] = [];
    for (const [n, page] of pages.entries())
      for (const w of page.words) if (w.x1 > page.width - RIGHT_MARGIN_PT) past.push(`page ${n + 1}: "${w.text}"`);
    expect(past).toEqual([]);
  });

  it("prints nothing below the text block: the page number is the lowest word, with the foot's room above it", () => {
    const below: string[] = [];
    let numbered = 0;
    for (const [n, { words }] of pages.entries()) {
      const pageNumber = words.filter((w) => w.text === String(n + 1)).at(-1);
      if (!pageNumber) continue; // the title page
      numbered++;
      for (const w of words)
        if (w !== pageNumber && w.bottom > pageNumber.top - FOOT_ROOM_PT)
          below.push(`page ${n + 1}: "${w.text}" at the foot of the page`);
    }
    expect(numbered).toBeGreaterThan(40);
    expect(below).toEqual([]);
  });

  it("sets no word over its neighbour (each table column as wide as what it holds)", () => {
    const over: string[] = [];
    for (const [n, { words }] of pages.entries())
      for (const a of words)
        for (const b of words)
          if (a !== b && Math.abs(a.top - b.top) < 1 && a.x0 < b.x0 && a.x1 > b.x0 + OVERLAP_PT)
            over.push(`page ${n + 1}: "${a.text}" runs into "${b.text}"`);
    expect(over).toEqual([]);
  });

  it("keeps a table's interval on one line: a number and a dash end a line only in prose", () => {
    // 91.0–92.7% in a table cell must not break after its dash: there, other cells follow it on
    // the same line; in justified prose the broken half is the last word of its line
    const broken: string[] = [];
    for (const [n, { words }] of pages.entries())
      for (const w of words)
        if (/\d–$/.test(w.text) && words.some((o) => Math.abs(o.top - w.top) < 1 && o.x0 > w.x1))
          broken.push(`page ${n + 1}: "${w.text}" is followed on its line`);
    expect(broken).toEqual([]);
  });

  it("sets each chart with its caption as one numbered figure, which floats to where it fits", () => {
    // LaTeX sets ' as ’; the first words of a caption stay on its first line, unhyphenated
    const flat = text.replace(/\s+/g, " ").replace(/’/g, "'");
    let figures = 0;
    for (const c of chapters.filter((c) => c.endsWith(".ipynb"))) {
      for (const cell of JSON.parse(readFileSync(c, "utf8")).cells) {
        const outputs: { data?: Record<string, unknown> }[] = cell.outputs ?? [];
        outputs.forEach((o, i) => {
          const caption = String(outputs[i + 1]?.data?.["text/plain"] ?? "");
          if (!o.data?.["image/png"] || !String(outputs[i + 1]?.data?.["text/html"] ?? "").includes("figure-caption"))
            return;
          const start = caption.split(/\s+/).slice(0, 3).join(" ");
          expect(flat, `${c}: a figure captioned "${start}…"`).toMatch(
            new RegExp(`Figure \\d+\\.\\d+: ${start.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
          );
          figures++;
        });
      }
    }
    expect(figures).toBeGreaterThanOrEqual(10);
  });

  it("numbers each chapter's tables and figures in order (as the HTML pages do)", () => {
    // LaTeX sets ' as ’ and may set a caption's first words apart by more than one space
    const flat = text.replace(/\s+/g, " ").replace(/’/g, "'");
    const expected = expectedCaptions();
    expect(expected.length).toBeGreaterThan(40);
    for (const caption of expected) expect(flat).toContain(caption);
  });

  it("keeps each architecture diagram in its section, before the layer tables that follow", () => {
    const flat = text.replace(/\s+/g, " ");
    // the section's heading in the text, not in the contents: its last occurrence
    const layerTables = flat.lastIndexOf("Layer by layer Output shapes");
    expect(layerTables).toBeGreaterThan(0);
    for (const m of MODEL_NAMES) {
      const at = flat.search(new RegExp(`Figure \\d+\\.\\d+: ${m}: \\d+ stages`));
      expect(at, `${m}'s diagram`).toBeGreaterThan(0);
      expect(at, `${m}'s diagram comes before the layer tables`).toBeLessThan(layerTables);
    }
  });

  it("keeps Greek letters and superscripts (DejaVu fonts)", () => {
    for (const ch of ["γ", "α", "ε", "⁵"]) expect(text, ch).toContain(ch);
  });

  it("has every chapter and leaves the code out (echo: false)", () => {
    for (const c of chapters.filter((c) => c.endsWith(".ipynb"))) {
      const title = /^# (.+)$/m.exec([].concat(JSON.parse(readFileSync(c, "utf8")).cells[0].source).join(""))![1];
      expect(text, c).toContain(title);
    }
    expect(text).not.toContain('from "fashion-mnist-study"');
  });
});

describe.skipIf(!quarto.path)("keep-tables.lua through Quarto's Pandoc", () => {
  /** The LaTeX of a two-column table of `rows` rows of `cell`, through the filter. */
  function tableLatex(rows: number, cell: string): string {
    const md = `| name | value |\n|----|---:|\n${Array.from({ length: rows }, (_, i) => `| ${cell} | ${i} |`).join("\n")}\n\n: A table\n`;
    return execFileSync(
      quarto.path!,
      ["pandoc", "-f", "markdown", "-t", "latex", "--lua-filter", "scripts/report/keep-tables.lua"],
      { input: md, encoding: "utf8" },
    );
  }
  /** How each body row of a longtable ends. */
  const rowEnds = (latex: string) => [...latex.split("\\endlastfoot")[1].matchAll(/ (\\\\\*?)\n/g)].map((m) => m[1]);

  it("sets a short table as one box that moves whole to the next page, caption, head, rows and foot in order", () => {
    const latex = tableLatex(5, "a");
    expect(latex).not.toContain("longtable");
    const order = ["\\begin{table}[H]", "\\caption{A table}", "\\printedtablestyle", "\\begin{tabular}{@{}lr@{}}"]
      .concat(["\\toprule", "name & value", "\\midrule", "a & 0", "a & 4", "\\bottomrule", "\\end{tabular}"])
      .map((part) => latex.indexOf(part));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("keeps a long table's first and last three rows together, and may break between the others", () => {
    const ends = rowEnds(tableLatex(40, "a"));
    expect(ends).toHaveLength(40);
    expect(ends.slice(0, 2)).toEqual(["\\\\*", "\\\\*"]);
    expect(ends.slice(2, 37).every((e) => e === "\\\\")).toBe(true);
    expect(ends.slice(37)).toEqual(["\\\\*", "\\\\*", "\\\\*"]);
  });

  it("counts a table's printed lines, not its rows: few rows of long wrapped cells make a long table", () => {
    expect(tableLatex(12, "word ".repeat(60))).toContain("\\begin{longtable}");
  });
});

describe.skipIf(!quarto.path)("a note through Quarto's Pandoc", () => {
  it("keeps a command's two hyphens, in a code span or not (Pandoc's smart typography would set a dash)", () => {
    const note = markdownNote("Train it with: `npm run train -- --model resnet`; list with npm run study -- --list.");
    const html = execFileSync(quarto.path!, ["pandoc", "-f", "markdown", "-t", "html"], {
      input: String(note["text/markdown"]),
      encoding: "utf8",
    });
    expect(html).toContain("<code>npm run train -- --model resnet</code>");
    expect(html).toContain("npm run study -- --list.");
    expect(html).not.toMatch(/[–—]/);
  });
});
