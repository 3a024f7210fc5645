"""Renders the report's chapters (from _quarto.yml) to a static site without Quarto.

Usage: render_site.py OUTPUT_DIR [NOTEBOOK_DIR]
(NOTEBOOK_DIR: take the chapters' notebooks from there instead of their _quarto.yml paths.)
Writes OUTPUT_DIR/index.html, one page per chapter with navigation, print.html (every chapter
on one page, for the PDF) and a single shared copy of plotly.min.js.
"""
import html
import os
import re
import shutil
import sys

import nbformat
import yaml
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLOTLY = os.path.join(ROOT, "node_modules", "plotly.js-dist-min", "plotly.min.js")
# Remote scripts and styles of nbconvert's template (require.js, MathJax): the report needs
# none of them, and an offline reader would only see failed requests.
REMOTE = re.compile(r'<script[^>]+src="https?://[^"]*"[^>]*>\s*</script>|<link[^>]+href="https?://[^"]*"[^>]*>', re.I)

STYLE = """<style>
nav.report-nav { position: sticky; top: 0; z-index: 10; background: #f7f7f9; border-bottom: 1px solid #ddd;
  padding: 6px 16px; font: 14px system-ui, sans-serif; }
nav.report-nav a { margin-right: 14px; text-decoration: none; color: #1f5fa8; }
nav.report-nav a.current { font-weight: bold; color: #000; }
table.report-table, table.model-summary { border-collapse: collapse; margin: 8px 0; }
table.report-table td, table.report-table th, table.model-summary td, table.model-summary th { border: 1px solid #ccc; padding: 2px 8px; }
.chapter-break { page-break-before: always; }
@media print {
  nav.report-nav { display: none; }
  /* the printed page is narrower than the screen: wrap code, shrink wide tables */
  pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  table.report-table, table.model-summary { font-size: 9px; }
  table.report-table td, table.report-table th, table.model-summary td, table.model-summary th { padding: 1px 4px; }
}
</style>"""


def chapters():
    with open(os.path.join(ROOT, "_quarto.yml")) as f:
        cfg = yaml.safe_load(f)
    return cfg["book"]["title"], cfg["book"]["chapters"]


NOTEBOOK_DIR = None


def source(path):
    """Where a chapter's file is read from (NOTEBOOK_DIR overrides notebooks' folders)."""
    if NOTEBOOK_DIR and path.endswith(".ipynb"):
        return os.path.join(NOTEBOOK_DIR, os.path.basename(path))
    return os.path.join(ROOT, path)


def title_of(path):
    if path.endswith(".qmd"):
        text = open(os.path.join(ROOT, path)).read()
    else:
        nb = nbformat.read(source(path), as_version=4)
        text = next((c.source for c in nb.cells if c.cell_type == "markdown"), path)
    m = re.search(r"^#\s+(.+?)(\s*\{.*\})?$", text, re.M)
    return m.group(1).strip() if m else os.path.basename(path)


def page_name(path):
    return "index.html" if path.endswith("index.qmd") else os.path.splitext(os.path.basename(path))[0] + ".html"


def nav(items, current):
    links = "".join(f'<a href="{page_name(p)}"{" class=current" if p == current else ""}>{html.escape(t)}</a>' for p, t in items)
    return f'<nav class="report-nav">{links}</nav>'


def qmd_body(path):
    text = open(os.path.join(ROOT, path)).read()
    text = re.sub(r"\s*\{\.unnumbered\}", "", text)
    return f'<main class="preface" style="max-width:860px;margin:24px auto;font:16px/1.5 system-ui,sans-serif">{markdown2html_mistune(text)}</main>'


def notebook_html(path):
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nbformat.read(source(path), as_version=4))
    return REMOTE.sub("", body)


def with_head(doc, title, nav_html):
    head = f'<script src="plotly.min.js"></script>{STYLE}'
    doc = re.sub(r"<title>.*?</title>", f"<title>{html.escape(title)}</title>", doc, count=1, flags=re.S)
    doc = doc.replace("</head>", head + "</head>", 1)
    return re.sub(r"(<body[^>]*>)", r"\1" + nav_html, doc, count=1)


def standalone(title, body_html, nav_html):
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head><body>{body_html}</body></html>"


def main(out):
    book_title, paths = chapters()
    os.makedirs(out, exist_ok=True)
    shutil.copyfile(PLOTLY, os.path.join(out, "plotly.min.js"))
    items = [(p, title_of(p)) for p in paths]
    print_parts = []
    for p, t in items:
        if p.endswith(".qmd"):
            doc = standalone(f"{book_title}", f"<h1 style='text-align:center'>{html.escape(book_title)}</h1>" + qmd_body(p), "")
        else:
            doc = notebook_html(p)
        page = with_head(doc, f"{t} — {book_title}", nav(items, p))
        with open(os.path.join(out, page_name(p)), "w") as f:
            f.write(page)
        body = re.search(r"<body[^>]*>(.*)</body>", doc, re.S).group(1)
        print_parts.append(f'<section class="chapter-break">{body}</section>')
        print(f"report: rendered {page_name(p)}", flush=True)
    # The print version: the first chapter's document with every chapter's body.
    first_nb = next(p for p, _ in items if p.endswith(".ipynb"))
    shell = notebook_html(first_nb)
    combined = re.sub(r"(<body[^>]*>).*(</body>)", lambda m: m.group(1) + "".join(print_parts) + m.group(2), shell, count=1, flags=re.S)
    with open(os.path.join(out, "print.html"), "w") as f:
        f.write(with_head(combined, book_title, ""))
    print(f"report: rendered print.html ({len(items)} chapters)", flush=True)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    if len(sys.argv) == 3:
        NOTEBOOK_DIR = os.path.abspath(sys.argv[2])
    main(sys.argv[1])
