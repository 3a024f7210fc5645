import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

describe("_quarto.yml", () => {
  const cfg = parse(readFileSync("_quarto.yml", "utf8"));
  const chapters: string[] = cfg.book.chapters;

  it("is a book with html and pdf formats that renders stored outputs", () => {
    expect(cfg.project.type).toBe("book");
    expect(Object.keys(cfg.format)).toEqual(expect.arrayContaining(["html", "pdf"]));
    expect(cfg.execute.enabled).toBe(false);
  });

  it("lists files that exist, notebooks in report order on the tslab kernel", () => {
    for (const c of chapters) expect(existsSync(c), c).toBe(true);
    const notebooks = chapters.filter((c) => c.endsWith(".ipynb"));
    // report order: the files are numbered as the book lists them
    expect(notebooks.map((n) => n.split("/").pop())).toEqual([...notebooks.map((n) => n.split("/").pop())].sort());
    expect(notebooks.length).toBeGreaterThanOrEqual(7);
    for (const n of notebooks) {
      const nb = JSON.parse(readFileSync(n, "utf8"));
      expect(nb.metadata.kernelspec.name, n).toBe("tslab");
      expect(nb.cells[0].cell_type, n).toBe("markdown");
      expect(
        nb.cells.some((c: { source: string }) => String(c.source).includes('from "fashion-mnist-study"')),
        n,
      ).toBe(true);
    }
  });
});
