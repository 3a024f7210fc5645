import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

describe("scripts/report/latex-packages.sh (what Quarto's PDF needs, checked before the notebooks run)", () => {
  const run = (path: string) =>
    spawnSync("bash", ["scripts/report/latex-packages.sh"], { encoding: "utf8", env: { ...process.env, PATH: path } });

  it("names the Debian packages of the tools it cannot find", () => {
    const empty = mkdtempSync(join(tmpdir(), "fmnist-empty-path-"));
    const r = spawnSync("/bin/bash", ["scripts/report/latex-packages.sh"], { encoding: "utf8", env: { PATH: empty } });
    rmSync(empty, { recursive: true });
    expect(r.stdout.split("\n")).toEqual(expect.arrayContaining(["texlive-xetex", "librsvg2-bin", "fonts-dejavu"]));
  });

  const have = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
  it.skipIf(!["xelatex", "rsvg-convert", "kpsewhich", "fc-list"].every(have))(
    "names nothing where everything is installed (DejaVu found even though fc-list prints more than grep reads)",
    () => {
      const r = run(process.env.PATH!);
      expect([r.stdout, r.status]).toEqual(["", 0]);
    },
  );
});
