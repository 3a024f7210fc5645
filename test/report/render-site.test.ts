/** The fallback site renderer's pages: one per chapter of the book, none left from an earlier book. */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { tmpDir } from "../helpers/fixtures.js";

const venvPython = resolve(".venv/bin/python");

describe.skipIf(!existsSync(venvPython))("render_site.py", () => {
  it("writes a page per chapter and removes the chapter pages an earlier book left", () => {
    const out = tmpDir("fmnist-site-");
    // an earlier render, when the demo was chapter 7, and a file of the user's own
    writeFileSync(join(out, "07-demo.html"), "<html>old chapter</html>");
    writeFileSync(join(out, "notes.html"), "<html>mine</html>");
    const log = execFileSync(venvPython, ["scripts/report/render_site.py", out], { encoding: "utf8" });
    const chapters = (parse(readFileSync("_quarto.yml", "utf8")) as { book: { chapters: string[] } }).book.chapters;
    const pages = chapters.map((c) =>
      c.endsWith(".qmd") ? "index.html" : c.replace(/^.*\//, "").replace(".ipynb", ".html"),
    );
    const written = readdirSync(out).filter((f) => f.endsWith(".html"));
    expect(written.sort()).toEqual([...pages, "notes.html", "print.html"].sort());
    expect(log).toContain("removed 07-demo.html");
  }, 120_000);
});
