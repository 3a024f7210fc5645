/** Tables for the report: HTML for notebooks and pages, aligned text for terminals. */
import { escapeHtml, type MimeBundle } from "./display.js";

export type Cell = string | number | null;

function fmt(c: Cell): string {
  if (c === null || Number.isNaN(c)) return "–";
  if (typeof c === "number") return Number.isInteger(c) ? c.toLocaleString("en-US") : c.toFixed(2);
  return c;
}

export function table(headers: string[], rows: Cell[][], caption = ""): MimeBundle {
  const head = `<tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td${typeof c === "number" ? ' style="text-align:right"' : ""}>${escapeHtml(fmt(c))}</td>`).join("")}</tr>`).join("\n");
  const html = `<table class="report-table">${caption ? `<caption>${escapeHtml(caption)}</caption>` : ""}<thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => fmt(r[i]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  const text = [caption, line(headers), ...rows.map((r) => line(r.map(fmt)))].filter(Boolean).join("\n");
  return { "text/html": html, "text/plain": text };
}

export function markdownNote(text: string): MimeBundle {
  return { "text/markdown": text, "text/html": `<p class="report-note">${escapeHtml(text)}</p>`, "text/plain": text };
}
