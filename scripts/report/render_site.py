"""Renders the report's chapters (from _quarto.yml) to a static site without Quarto.

Usage: render_site.py OUTPUT_DIR [NOTEBOOK_DIR]
(NOTEBOOK_DIR: take the chapters' notebooks from there instead of their _quarto.yml paths.)
Writes OUTPUT_DIR/index.html, one page per chapter with navigation (code folded: a click
shows it), print.html (for the PDF: a title page with the date, the git commit and the budget
profile, a contents page, then every chapter; code left out unless REPORT_WITH_CODE=1) and a
single shared copy of plotly.min.js; an earlier render's chapter pages that the book no longer
has are removed. FMNIST_PROFILE names the budget profile (default cpu).
"""
import html
import os
import re
import shutil
import subprocess
import sys
from datetime import date

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
/* diagrams and images scale down to the page or window, never past it */
.jp-RenderedSVG img, .jp-RenderedImage img { max-width: 100%; height: auto; }
details.code-fold > summary { cursor: pointer; color: #1f5fa8; font: 13px system-ui, sans-serif; margin: 4px 0 4px 8px; }
details.layer-table > summary { cursor: pointer; margin: 4px 0; }
p.figure-caption { font-size: 13px; color: #444; margin: 2px 0 14px; }
.title-page { text-align: center; padding-top: 30vh; font-family: system-ui, sans-serif; page-break-after: always; }
.title-page h1 { font-size: 30px; margin-bottom: 8px; }
.title-page .subtitle { font-size: 18px; color: #444; }
.title-page .facts { margin-top: 48px; font-size: 14px; color: #333; line-height: 1.8; }
nav.contents { font-family: system-ui, sans-serif; page-break-after: always; max-width: 640px; margin: 32px auto; }
nav.contents ol { list-style: none; padding-left: 0; }
nav.contents ol ol { padding-left: 20px; font-size: 14px; }
nav.contents li { margin: 4px 0; }
nav.contents a { color: #000; text-decoration: none; display: flex; }
nav.contents a .toc-title { flex: 1; }
nav.contents a .toc-page:not(:empty)::before { content: ""; }
@media print {
  nav.report-nav { display: none; }
  /* the printed page is narrower than the screen: wrap code, shrink wide tables */
  pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  /* a wrapped heading keeps the space where it wraps (Chromium's bookmarks drop a collapsed one: "ashort budget") */
  h1, h2, h3 { white-space: pre-wrap; }
  /* a heading stays with what it introduces, never alone at the foot of a page */
  h1, h2, h3 { break-after: avoid; }
  /* a chart or diagram stays with its caption (the output after it) */
  .jp-OutputArea-child:has(.plotly-chart, .jp-RenderedSVG) { break-after: avoid; }
  table.report-table, table.model-summary { font-size: 11px; max-width: 100%; }
  /* long run names and configs wrap inside their cells instead of pushing the table off the page */
  /* a table longer than what is left of a page continues on the next, instead of leaving the page half empty */
  .jp-OutputArea-child:has(table) { break-inside: auto; }
  table.report-table th { overflow-wrap: normal; hyphens: manual; }
  table.report-table td { overflow-wrap: break-word; }
  /* a long run name may break anywhere, but keeps a readable width */
  table.report-table td:first-child { overflow-wrap: anywhere; min-width: 11em; }
  table.report-table td, table.report-table th, table.model-summary td, table.model-summary th { padding: 1px 4px; }
}
</style>"""


# The site's pages fold each code cell's input into a "Code" toggle.
FOLD_CODE = """<script>
document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll(".jp-CodeCell > .jp-Cell-inputWrapper")) {
    const fold = document.createElement("details");
    fold.className = "code-fold";
    const summary = document.createElement("summary");
    summary.textContent = "Code";
    input.replaceWith(fold);
    fold.append(summary, input);
  }
});
</script>"""

# The printed report leaves code out unless asked for (REPORT_WITH_CODE=1).
HIDE_CODE = "<style>.jp-CodeCell > .jp-Cell-inputWrapper { display: none; } .jp-CodeCell.jp-mod-noOutputs { display: none; }</style>"


def chapters():
    with open(os.path.join(ROOT, "_quarto.yml")) as f:
        cfg = yaml.safe_load(f)
    return cfg["book"]["title"], cfg["book"]["chapters"]


def subtitle():
    with open(os.path.join(ROOT, "_quarto.yml")) as f:
        return yaml.safe_load(f)["book"].get("subtitle", "")


def git_commit():
    """The commit the report was rendered from, with "+ changes" when the tree differs from it."""
    try:
        sha = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        return sha + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"


def title_page(book_title):
    profile = os.environ.get("FMNIST_PROFILE", "cpu")
    facts = [f"Rendered {date.today().isoformat()}", f"git commit {html.escape(git_commit())}", f"budget profile <b>{html.escape(profile)}</b> (npm run study -- --profile {html.escape(profile)})"]
    return (f'<section class="title-page"><h1>{html.escape(book_title)}</h1><div class="subtitle">{html.escape(subtitle())}</div>'
            f'<div class="facts">{"<br>".join(facts)}</div></section>')


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def contents(entries):
    """The contents page: each chapter and its sections, linked; pdf.ts fills in the page numbers."""
    items = []
    for ch_id, ch_title, sections in entries:
        subs = "".join(f'<li><a href="#{sid}"><span class="toc-title">{html.escape(st)}</span><span class="toc-page" data-for="{sid}"></span></a></li>' for sid, st in sections)
        items.append(f'<li><a href="#{ch_id}"><span class="toc-title"><b>{html.escape(ch_title)}</b></span><span class="toc-page" data-for="{ch_id}"></span></a>{f"<ol>{subs}</ol>" if subs else ""}</li>')
    return f'<nav class="contents"><h1>Contents</h1><ol>{"".join(items)}</ol></nav>'


def anchor_headings(body, index):
    """Gives the chapter's h1 and h2 headings ids of their own (unique across the print version); returns the body and [(id, title)] of its h2s."""
    sections = []

    def repl(m):
        level, attrs, inner = m.group(1), m.group(2), m.group(3)
        text = html.unescape(re.sub(r"<[^>]+>", "", inner)).replace("¶", "").strip()
        hid = f"ch{index}" if level == "1" else f"ch{index}-{slug(text)}"
        if level == "2":
            sections.append((hid, text))
        attrs = re.sub(r'\sid="[^"]*"', "", attrs)
        return f'<h{level} id="{hid}"{attrs}>{inner}</h{level}>'

    return re.sub(r"<h([12])([^>]*)>(.*?)</h\1>", repl, body, flags=re.S), sections


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


def with_head(doc, title, nav_html, extra=""):
    head = f'<script src="plotly.min.js"></script>{STYLE}{extra}'
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
    entries = []
    for p, t in items:
        if p.endswith(".qmd"):
            doc = standalone(f"{book_title}", f"<h1 style='text-align:center'>{html.escape(book_title)}</h1>" + qmd_body(p), "")
        else:
            doc = notebook_html(p)
        page = with_head(doc, f"{t} — {book_title}", nav(items, p), FOLD_CODE)
        with open(os.path.join(out, page_name(p)), "w") as f:
            f.write(page)
        print(f"report: rendered {page_name(p)}", flush=True)
        # in print the title page names the book: the preface keeps only its own heading
        body = qmd_body(p) if p.endswith(".qmd") else re.search(r"<body[^>]*>(.*)</body>", doc, re.S).group(1)
        body, sections = anchor_headings(body, len(entries) + 1)
        entries.append((f"ch{len(entries) + 1}", t, sections))
        print_parts.append(f'<section class="chapter-break">{body}</section>')
    # The print version: a title page, the contents, then every chapter's body.
    first_nb = next(p for p, _ in items if p.endswith(".ipynb"))
    shell = notebook_html(first_nb)
    front = title_page(book_title) + contents(entries)
    combined = re.sub(r"(<body[^>]*>).*(</body>)", lambda m: m.group(1) + front + "".join(print_parts) + m.group(2), shell, count=1, flags=re.S)
    with_code = os.environ.get("REPORT_WITH_CODE") == "1"
    with open(os.path.join(out, "print.html"), "w") as f:
        f.write(with_head(combined, book_title, "", "" if with_code else HIDE_CODE))
    print(f"report: rendered print.html ({len(entries)} chapters, code {'shown' if with_code else 'left out'})", flush=True)
    remove_stale_pages(out, {page_name(p) for p in paths})


# A chapter page ("07-demo.html"): what an earlier book's chapters left behind is recognised by its name.
CHAPTER_PAGE = re.compile(r"^\d+-.+\.html$")


def remove_stale_pages(out, pages):
    """Removes the chapter pages of an earlier render that the book no longer has (a chapter renamed or renumbered)."""
    for name in sorted(os.listdir(out)):
        if CHAPTER_PAGE.match(name) and name not in pages:
            os.remove(os.path.join(out, name))
            print(f"report: removed {name} (no longer a chapter of the book)", flush=True)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    if len(sys.argv) == 3:
        NOTEBOOK_DIR = os.path.abspath(sys.argv[2])
    main(sys.argv[1])
