/**
 * Quarto's post-render step for the HTML book (_quarto.yml, project: post-render): every page
 * works from a folder with no network. Quarto adds require.js and jQuery from a CDN to any page
 * of a notebook with HTML outputs (it takes them for JavaScript widgets); the report's pages use
 * neither, so they are removed. The theme's stylesheet imports its web font from Google Fonts: the
 * import goes, and the page falls back to the next font of its stack. The 4.8 MB Plotly script
 * stays only on the pages that draw charts.
 * Self-contained (Quarto runs it in a copy of the project): node --import tsx scripts/report/offline-book.ts
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** What Quarto writes for "JavaScript widgets": the two CDN scripts and the AMD shim for jQuery. */
const WIDGET_SCRIPTS = [
  /<script src="https:\/\/cdnjs\.cloudflare\.com\/ajax\/libs\/require\.js\/[^"]*"[^>]*><\/script>\n?/g,
  /<script src="https:\/\/cdnjs\.cloudflare\.com\/ajax\/libs\/jquery\/[^"]*"[^>]*><\/script>\n?/g,
  /<script type="application\/javascript">define\('jquery', \[\],function\(\) \{return window\.jQuery;\}\)<\/script>\n?/g,
];
const PLOTLY_SCRIPT = /<script src="[^"]*node_modules\/plotly\.js-dist-min\/plotly\.min\.js"><\/script>\n?/g;
/** A stylesheet's import of a web font from another host. */
const REMOTE_IMPORT = /@import\s*(?:url\(\s*)?["']https?:[^"']*["']\s*\)?\s*;?/g;
/** Marks a chart (src/report/display/charts.ts figureBundle). */
const CHART_MARK = 'class="plotly-chart"';

/** The files below `dir` whose names end with `ext` (not inside node_modules, a link to the project's). */
function filesEndingIn(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules") return [];
    if (statSync(path).isDirectory()) return filesEndingIn(path, ext);
    return name.endsWith(ext) ? [path] : [];
  });
}

const outputDir = process.env.QUARTO_PROJECT_OUTPUT_DIR ?? "_book";
const siteLibs = join(outputDir, "site_libs");
let changed = 0;
// (a render to PDF alone writes no site_libs)
for (const file of existsSync(siteLibs) ? filesEndingIn(siteLibs, ".css") : []) {
  const css = readFileSync(file, "utf8");
  const local = css.replace(REMOTE_IMPORT, "");
  if (local !== css) {
    writeFileSync(file, local);
    changed++;
  }
}
for (const file of filesEndingIn(outputDir, ".html").filter((f) => !f.includes("site_libs"))) {
  const before = readFileSync(file, "utf8");
  let html = before;
  for (const re of WIDGET_SCRIPTS) html = html.replace(re, "");
  if (!html.includes(CHART_MARK)) html = html.replace(PLOTLY_SCRIPT, "");
  if (html !== before) {
    writeFileSync(file, html);
    changed++;
  }
}
console.log(
  `offline-book: ${changed} file(s) of ${outputDir} cleaned (no scripts or fonts from other hosts; Plotly only where charts are)`,
);
