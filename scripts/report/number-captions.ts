/**
 * Quarto's post-render step for the HTML book (_quarto.yml, project: post-render): numbers each
 * chapter's table and figure captions as the PDF numbers them ("Table 2.3: …", "Figure 5.1: …"),
 * so a reader can move between the two. LaTeX numbers every captioned table and every figure
 * (a picture followed by its caption output) per chapter, in order; the HTML pages hold the same
 * outputs: each table's <caption> and each figure's caption paragraph (src/report/display/display.ts).
 * Self-contained (Quarto runs it in a copy of the project): node --import tsx scripts/report/number-captions.ts
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A table's caption, and a figure's caption paragraph (captionBundle), as the pages hold them. */
const CAPTION = /<caption>|<p class="figure-caption"><em>/g;
/** The chapter number Quarto prints in a chapter page's title. */
const CHAPTER = /<h1 class="title"[^>]*><span class="chapter-number">(\d+)<\/span>/;

/** The page with its captions numbered within chapter `chapter`; already numbered captions are left alone. */
export function numberCaptions(html: string): string {
  const chapter = CHAPTER.exec(html)?.[1];
  if (!chapter) return html;
  const count = { table: 0, figure: 0 };
  return html.replace(CAPTION, (tag, offset: number) => {
    const kind = tag === "<caption>" ? "table" : "figure";
    const label = kind === "table" ? "Table" : "Figure";
    if (html.startsWith(label, offset + tag.length)) return tag;
    count[kind]++;
    return `${tag}${label} ${chapter}.${count[kind]}: `;
  });
}

const outputDir = process.env.QUARTO_PROJECT_OUTPUT_DIR ?? "_book";
const pagesDir = join(outputDir, "notebooks");
let numbered = 0;
for (const name of existsSync(pagesDir) ? readdirSync(pagesDir).filter((f) => f.endsWith(".html")) : []) {
  const path = join(pagesDir, name);
  const before = readFileSync(path, "utf8");
  const after = numberCaptions(before);
  if (after !== before) {
    writeFileSync(path, after);
    numbered++;
  }
}
console.log(
  `number-captions: table and figure captions numbered on ${numbered} page(s) of ${outputDir}, as in the PDF`,
);
