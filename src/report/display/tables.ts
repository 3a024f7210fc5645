/** Tables for the report: HTML for notebooks and pages, aligned text for terminals. */
import { escapeHtml, NOTE_CLASS, type MimeBundle } from "./display.js";

/** A number printed as given (e.g. to the precision it was measured with), aligned as numbers are. */
export interface ShownNumber {
  value: number;
  text: string;
}

export type Cell = string | number | null | ShownNumber;

const isNumeric = (c: Cell) => typeof c === "number" || (c !== null && typeof c === "object");

/**
 * A column's numbers all as integers (with thousands separators) or all with two decimals; a
 * percentage column (its header has "%") always with two decimals, so 87.00 never reads as 87.
 * A ShownNumber keeps its own text.
 */
function formatter(header: string, column: Cell[]): (c: Cell) => string {
  const whole =
    !header.includes("%") && column.every((c) => typeof c !== "number" || !Number.isFinite(c) || Number.isInteger(c));
  return (c) => {
    if (c === null || Number.isNaN(c)) return "–";
    if (typeof c === "number") return whole ? c.toLocaleString("en-US") : c.toFixed(2);
    if (typeof c === "object") return c.text;
    return c;
  };
}

/** Which columns hold numbers only (a missing value aside): they align right. */
const numericColumns = (headers: string[], rows: Cell[][]) =>
  headers.map((_, i) => rows.length > 0 && rows.every((r) => isNumeric(r[i]) || r[i] === null));

export function table(headers: string[], rows: Cell[][], caption = ""): MimeBundle {
  const formats = headers.map((h, i) =>
    formatter(
      h,
      rows.map((r) => r[i]),
    ),
  );
  const cells = rows.map((r) => r.map((c, i) => formats[i](c)));
  // a header wraps between its words and after a slash ("T-shirt/<wbr>top %"), never inside a word
  const head = `<tr>${headers.map((h) => `<th>${escapeHtml(h).replace(/\//g, "/<wbr>")}</th>`).join("")}</tr>`;
  const style = (c: Cell, text: string) => {
    const rules = [isNumeric(c) && "text-align:right", keepsWhole(text) && "white-space:nowrap"].filter(Boolean);
    return rules.length ? ` style="${rules.join(";")}"` : "";
  };
  const body = rows
    .map(
      (r, j) => `<tr>${r.map((c, i) => `<td${style(c, cells[j][i])}>${htmlBodyCell(cells[j][i])}</td>`).join("")}</tr>`,
    )
    .join("\n");
  const html = `<table class="report-table">${caption ? `<caption>${escapeHtml(caption)}</caption>` : ""}<thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (row: string[]) => row.map((c, i) => c.padEnd(widths[i])).join("  ");
  const text = [caption, line(headers), ...cells.map(line)].filter(Boolean).join("\n");
  const numeric = numericColumns(headers, rows);
  return { "text/html": html, "text/markdown": markdownTable(headers, cells, numeric, caption), "text/plain": text };
}

/** Pandoc's line width: a pipe table with a longer line fills the page and wraps its cells. */
const PANDOC_COLUMNS = 72;

function markdownCell(s: string): string {
  return escapeHtml(s).replace(/([\\|*_`[\]#])/g, "\\$1");
}

/** The width a header's later words claim in a wide Markdown table, at most (LaTeX hyphenates them). */
const HEADER_WORD = 6;

/**
 * A printed table's text width in characters, and each column's padding: the PDF sets tables in
 * footnotesize DejaVu Serif with 3 pt between columns (_quarto.yml), about 5 pt a character on a
 * 471 pt text width; a little less, so a column given its longest piece holds it.
 */
export const PRINTED_TABLE = { chars: 84, paddingChars: 1 } as const;

/** A word at least this long with a letter in it (a run's name, a loss's name) may break after _ - / in print. */
const BREAKABLE_WORD = 12;

const isBreakable = (word: string) => word.length >= BREAKABLE_WORD && /[A-Za-z]/.test(word);

/** The pieces of a word LaTeX may set on separate lines: a long name's parts after each _ - /. */
const piecesOf = (word: string) => (isBreakable(word) ? word.split(/(?<=[_\-/])/) : [word]);

const words = (s: string) => s.split(/\s+/).filter(Boolean);

/**
 * A cell the printed table keeps on one line although a browser could break it after a dash, hyphen
 * or slash inside it (an interval such as 84.7–86.8%, a date): one word, not a long name.
 */
const keepsWhole = (s: string) => words(s).length === 1 && !isBreakable(s) && /[–\-/]./.test(s);

/** The longest run of a cell that cannot wrap. */
const longestPiece = (s: string) =>
  Math.max(
    0,
    ...words(s)
      .flatMap(piecesOf)
      .map((w) => w.length),
  );

/** The narrowest a header can be set: LaTeX never hyphenates its first word, and the others down to HEADER_WORD. */
const headerMin = (h: string) =>
  Math.max(0, ...words(h).map((w, i) => (i === 0 ? w.length : Math.min(w.length, HEADER_WORD))));

/** A body cell in HTML, where a long name may break after each _ - / as in LaTeX (markdownBodyCell), so a table narrows to the page. */
function htmlBodyCell(s: string): string {
  return s
    .split(/(\s+)/)
    .map((w) => piecesOf(w).map(escapeHtml).join("<wbr>"))
    .join("");
}

/** A body cell in Markdown, with LaTeX's break points in its long names (raw TeX: the PDF only). */
function markdownBodyCell(s: string): string {
  return s
    .split(/(\s+)/)
    .map((w) => piecesOf(w).map(markdownCell).join("\\allowbreak{}"))
    .join("");
}

/** Each column's narrowest (its longest piece that cannot wrap) and widest (its longest cell on one line) width in characters. */
function columnRange(headers: string[], cells: string[][]): { min: number[]; max: number[] } {
  const min = headers.map((h, i) => Math.max(3, headerMin(h), ...cells.map((r) => longestPiece(r[i]))));
  const max = headers.map((h, i) =>
    Math.max(min[i], ...words(h).map((w) => w.length), ...cells.map((r) => r[i].length)),
  );
  return { min, max };
}

/**
 * Each column's width in characters, as a browser lays out a table: at least the longest piece
 * it cannot wrap (min), at most its longest cell on one line (max); when all maxima fit, each
 * gets its max and the table fills the width in proportion; when they do not, each gets its min
 * and the room left is shared in proportion to how much wider each would like to be.
 */
function columnWidths(headers: string[], cells: string[][]): number[] {
  const { min, max } = columnRange(headers, cells);
  const width = PRINTED_TABLE.chars - PRINTED_TABLE.paddingChars * headers.length;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  if (sum(max) <= width) return max.map((m) => (m * width) / sum(max));
  if (sum(min) >= width) return min;
  const share = (width - sum(min)) / (sum(max) - sum(min));
  return min.map((m, i) => m + (max[i] - m) * share);
}

/**
 * The table in Pandoc's Markdown (what Quarto's LaTeX PDF uses). A table with a line longer
 * than Pandoc's 72 columns fills the text width and wraps its cells, each column's share set by
 * the dashes under its header (columnWidths), so numbers and dates keep their line and long
 * headers and names wrap.
 */
function markdownTable(headers: string[], cells: string[][], numeric: boolean[], caption: string): string {
  // (LaTeX may break a header after a slash too: "T-shirt/top %")
  const head = headers.map((h) => markdownCell(h).replaceAll("/", "/\\allowbreak{}"));
  const body = cells.map((r) => r.map(markdownBodyCell));
  const row = (r: string[]) => `| ${r.join(" | ")} |`;
  // (Pandoc measures the lines as written, raw TeX included)
  const wide = [head, ...body].some((r) => row(r).length > PANDOC_COLUMNS);
  // a wide table's dashes are its columns' shares of the width; a narrow one's only align
  const widths = wide ? columnWidths(headers, cells) : columnRange(headers, cells).max;
  const total = widths.reduce((a, b) => a + b, 0);
  const dashes = widths.map((w) => (wide ? Math.max(3, Math.round((100 * w) / total)) : w));
  const rule = `|${dashes.map((d, i) => `${"-".repeat(d - 1)}${numeric[i] ? ":" : "-"}`).join("|")}|`;
  return `${[row(head), rule, ...body.map(row)].join("\n")}${caption ? `\n\n: ${markdownCell(caption)}` : ""}\n`;
}

/** A table as GitHub Markdown for the README: a pipe table, number columns right-aligned, `|` in a cell escaped. */
export function readmeTable(headers: string[], rows: Cell[][]): string {
  const text = (c: Cell) => (c === null ? "–" : typeof c === "object" ? c.text : String(c));
  const row = (r: string[]) => `| ${r.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`;
  const numeric = numericColumns(headers, rows);
  const rule = `| ${numeric.map((n) => (n ? "---:" : "---")).join(" | ")} |`;
  return [row(headers), rule, ...rows.map((r) => row(r.map(text)))].join("\n");
}

/**
 * A line of text in place of a table or chart. `code spans` (commands, paths) are code in every
 * form; elsewhere a "--" stays two hyphens (Pandoc would set it as a dash in Quarto's outputs).
 */
export function markdownNote(text: string): MimeBundle {
  return markdownNotes([text]);
}

function noteMarkdown(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((p, i) => (i % 2 ? p : p.replace(/--/g, "-\\-")))
    .join("");
}

/** A note's markdown as HTML: `code` spans and **strong** text (the only markup notes use). */
function noteHtml(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((p, i) =>
      i % 2
        ? `<code>${escapeHtml(p.slice(1, -1))}</code>`
        : escapeHtml(p).replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>"),
    )
    .join("");
}

/** Paragraphs of text, where an array is a bulleted list (one item each), in every form; written as `markdownNote` writes one. */
export function markdownNotes(blocks: (string | string[])[]): MimeBundle {
  const markdown = blocks.map((b) =>
    typeof b === "string" ? noteMarkdown(b) : b.map((i) => `- ${noteMarkdown(i)}`).join("\n"),
  );
  const html = blocks.map((b) =>
    typeof b === "string"
      ? `<p class="${NOTE_CLASS}">${noteHtml(b)}</p>`
      : `<ul class="${NOTE_CLASS}">${b.map((i) => `<li>${noteHtml(i)}</li>`).join("")}</ul>`,
  );
  const plain = blocks.map((b) => (typeof b === "string" ? b : b.map((i) => `- ${i}`).join("\n")));
  return { "text/markdown": markdown.join("\n\n"), "text/html": html.join(""), "text/plain": plain.join("\n\n") };
}
