/** Tables for the report: HTML for notebooks and pages, aligned text for terminals. */
import { escapeHtml, type MimeBundle } from "./display.js";

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
  const head = `<tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>`;
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
  return { "text/html": html, "text/plain": text };
}

export function markdownNote(text: string): MimeBundle {
  return { "text/markdown": text, "text/html": `<p class="report-note">${escapeHtml(text)}</p>`, "text/plain": text };
}
