import { describe, expect, it } from "vitest";
import { markdownNote, markdownNotes, table } from "../../src/report/tables.js";

describe("table", () => {
  it("formats each column's numbers alike: integers, or two decimals", () => {
    const t = table(
      ["name", "count", "accuracy %"],
      [
        ["a", 12000, 96],
        ["b", 3, 57.000001],
        ["<c>", null, NaN],
      ],
      "cap",
    );
    expect(t["text/plain"].split("\n")).toEqual([
      "cap",
      "name  count   accuracy %",
      "a     12,000  96.00     ",
      "b     3       57.00     ",
      "<c>   –       –         ",
    ]);
    expect(t["text/html"]).toContain("<caption>cap</caption>");
    expect(t["text/html"]).toContain('<td style="text-align:right">12,000</td>');
    expect(t["text/html"]).toContain("<td>&lt;c&gt;</td>");
  });

  it("writes a percentage column with two decimals even when every value is whole", () => {
    expect(table(["dev %"], [[87], [91]])["text/plain"].split("\n")).toEqual(["dev %", "87.00", "91.00"]);
  });
});

describe("table as Markdown (Quarto's LaTeX PDF)", () => {
  it("is a pipe table with numbers right-aligned, Markdown and HTML escaped, and its caption", () => {
    const md = table(
      ["model", "dev %"],
      [
        ["a|b_c", 85.8],
        ["<x>", null],
      ],
      "Small one",
    )["text/markdown"] as string;
    expect(md.split("\n")).toEqual([
      "| model | dev % |",
      "|-----|----:|",
      "| a\\|b\\_c | 85.80 |",
      "| &lt;x&gt; | – |",
      "",
      ": Small one",
      "",
    ]);
  });

  it("makes a wide table fill the page: a line past Pandoc's 72 columns, each column's dashes its share", () => {
    const headers = ["model", "best dev %", "95% interval", "at step", "original %", "T-shirt/top %", "Shirt %"];
    const md = table(headers, [["inception_resnet", 91.17, "90.3–92.0", 3000, 94.8, 87, 70.5]])[
      "text/markdown"
    ] as string;
    const rule = md.split("\n")[1];
    // a header may break after its slash in LaTeX
    expect(md.split("\n")[0]).toContain("| T-shirt/\\allowbreak{}top % |");
    expect(md.split("\n").some((l) => l.length > 72)).toBe(true);
    const dashes = rule
      .split("|")
      .slice(1, -1)
      .map((d) => d.length);
    expect(dashes).toHaveLength(headers.length);
    // the widest column (the escaped model name) gets the largest share
    expect(dashes.indexOf(Math.max(...dashes))).toBe(0);
    expect(dashes[0]).toBeGreaterThan(dashes[3]);
  });
});

describe("markdownNote", () => {
  it("keeps commands as code in every form, and two hyphens as two hyphens in Pandoc's Markdown", () => {
    const note = markdownNote("Train it with: `npm run train -- --model resnet`, or see npm run study -- --list.");
    expect(note["text/markdown"]).toBe(
      "Train it with: `npm run train -- --model resnet`, or see npm run study -\\- -\\-list.",
    );
    expect(note["text/html"]).toBe(
      '<p class="report-note">Train it with: <code>npm run train -- --model resnet</code>, or see npm run study -- --list.</p>',
    );
    expect(note["text/plain"]).toBe(
      "Train it with: `npm run train -- --model resnet`, or see npm run study -- --list.",
    );
  });
});

describe("markdownNotes", () => {
  it("writes paragraphs and bulleted lists in every form, each piece as markdownNote writes it", () => {
    const note = markdownNotes(["Found:", ["a beats b", "see `npm run study -- --list`"], "More -- later."]);
    expect(note["text/markdown"]).toBe("Found:\n\n- a beats b\n- see `npm run study -- --list`\n\nMore -\\- later.");
    expect(note["text/html"]).toBe(
      '<p class="report-note">Found:</p><ul class="report-note"><li>a beats b</li><li>see <code>npm run study -- --list</code></li></ul><p class="report-note">More -- later.</p>',
    );
    expect(note["text/plain"]).toBe("Found:\n\n- a beats b\n- see `npm run study -- --list`\n\nMore -- later.");
  });
});
