/** Tables for the report: HTML for notebooks and pages, aligned text for terminals. */
import { escapeHtml, NOTE_CLASS, type MimeBundle } from "./display.js";

export type Cell = string | number | null;

/**
 * A column's numbers all as integers (with thousands separators) or all with two decimals; a
 * percentage column (its header has "%") always with two decimals, so 87.00 never reads as 87.
 */
function formatter(header: string, column: Cell[]): (c: Cell) => string {
  const whole =
    !header.includes("%") && column.every((c) => typeof c !== "number" || !Number.isFinite(c) || Number.isInteger(c));
  return (c) => {
    if (c === null || Number.isNaN(c)) return "–";
    if (typeof c === "number") return whole ? c.toLocaleString("en-US") : c.toFixed(2);
    return c;
  };
}

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
  const body = rows
    .map(
      (r, j) =>
        `<tr>${r.map((c, i) => `<td${typeof c === "number" ? ' style="text-align:right"' : ""}>${escapeHtml(cells[j][i])}</td>`).join("")}</tr>`,
    )
    .join("\n");
  const html = `<table class="report-table">${caption ? `<caption>${escapeHtml(caption)}</caption>` : ""}<thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (row: string[]) => row.map((c, i) => c.padEnd(widths[i])).join("  ");
  const text = [caption, line(headers), ...cells.map(line)].filter(Boolean).join("\n");
  const numeric = headers.map(
    (_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number" || r[i] === null),
  );
  return { "text/html": html, "text/markdown": markdownTable(headers, cells, numeric, caption), "text/plain": text };
}

/** Pandoc's line width: a pipe table with a longer line fills the page and wraps its cells. */
const PANDOC_COLUMNS = 72;

function markdownCell(s: string): string {
  return escapeHtml(s).replace(/([\\|*_`[\]#])/g, "\\$1");
}

/** The width a header's longest word claims in a wide Markdown table, at most. */
const HEADER_WORD = 6;

/** The longest run of a text that cannot wrap (its longest word). */
const longestWord = (s: string) => Math.max(0, ...s.split(/\s+/).map((w) => w.length));

/**
 * The table in Pandoc's Markdown (what Quarto's LaTeX PDF uses). A table with a line longer
 * than Pandoc's 72 columns fills the text width and wraps its cells, each column's share set by
 * the dashes under its header: here in proportion to the longest word it must hold, so names
 * and numbers keep their line and long headers wrap.
 */
function markdownTable(headers: string[], cells: string[][], numeric: boolean[], caption: string): string {
  // (LaTeX may break a header after a slash too: "T-shirt/top %")
  const head = headers.map((h) => markdownCell(h).replaceAll("/", "/\\allowbreak{}"));
  const body = cells.map((r) => r.map(markdownCell));
  const row = (r: string[]) => `| ${r.join(" | ")} |`;
  const wide = [head, ...body].some((r) => row(r).length > PANDOC_COLUMNS);
  // a header may wrap inside its words too (LaTeX hyphenates it), so it claims little width
  const needs = headers.map((h, i) =>
    Math.max(3, Math.min(longestWord(h), HEADER_WORD), ...cells.map((r) => longestWord(r[i]))),
  );
  const sum = needs.reduce((a, b) => a + b, 0);
  const dashes = needs.map((n) => (wide ? Math.max(3, Math.round((100 * n) / sum)) : n));
  const rule = `|${dashes.map((d, i) => `${"-".repeat(d - 1)}${numeric[i] ? ":" : "-"}`).join("|")}|`;
  return `${[row(head), rule, ...body.map(row)].join("\n")}${caption ? `\n\n: ${markdownCell(caption)}` : ""}\n`;
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

function noteHtml(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((p, i) => (i % 2 ? `<code>${escapeHtml(p.slice(1, -1))}</code>` : escapeHtml(p)))
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
