import { describe, expect, it } from "vitest";
import { markdownNote, markdownNotes, PRINTED_TABLE, readmeTable, table } from "../../../src/report/display/tables.js";

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

  it("keeps an interval or a date on one line in the page, as in print; long names and phrases wrap", () => {
    const html = table(
      ["interval", "date", "run", "note"],
      [["84.7–86.8%", "2026-11-30", "resnet-cross_entropy-8e29a5855b", "two words–here"]],
    )["text/html"];
    expect(html).toContain('<td style="white-space:nowrap">84.7–86.8%</td>');
    expect(html).toContain('<td style="white-space:nowrap">2026-11-30</td>');
    // a long name may break after each _ - / (as in the LaTeX PDF), so the table narrows to the page
    expect(html).toContain("<td>resnet-<wbr>cross_<wbr>entropy-<wbr>8e29a5855b</td>");
    expect(html).toContain("<td>two words–here</td>");
    expect(table(["x"], [["–"]])["text/html"]).toContain("<td>–</td>");
  });

  it("writes a percentage column with two decimals even when every value is whole", () => {
    expect(table(["dev %"], [[87], [91]])["text/plain"].split("\n")).toEqual(["dev %", "87.00", "91.00"]);
  });
});

/** Each column's printed width in characters, from a wide Markdown table's dashes (its share of the page). */
function printedShares(md: string): number[] {
  const dashes = md
    .split("\n")[1]
    .split("|")
    .slice(1, -1)
    .map((d) => d.length);
  const total = dashes.reduce((a, b) => a + b, 0);
  return dashes.map((d) => (d / total) * (PRINTED_TABLE.chars - PRINTED_TABLE.paddingChars * dashes.length));
}

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

  it("gives every column of a crowded table the width of its longest unbreakable piece; long names may break after _ - /", () => {
    // the provenance table: long run names beside short times that must keep their line
    const headers = ["run", "sections", "config", "backend on machine (mean load)", "time", "trained (date, commit)"];
    const row = [
      "resnet-weighted_cross_entropy-a9f92b2ddd",
      "losses",
      "resnet, weighted_cross_entropy, p = 0.3, 3,000 steps",
      "tensorflow",
      "37m19s",
      "2026-11-29, 8dfc83f811",
    ];
    const md = table(headers, [row, row])["text/markdown"] as string;
    const lines = md.split("\n");
    expect(lines[2]).toContain(
      "| resnet-\\allowbreak{}weighted\\_\\allowbreak{}cross\\_\\allowbreak{}entropy-\\allowbreak{}a9f92b2ddd |",
    );
    // numbers, dates and short words are never broken
    expect(lines[2]).toContain("| 37m19s | 2026-11-29, 8dfc83f811 |");
    const share = printedShares(md);
    const pieces = [10, 6, 9, 10, 6, 11]; // "a9f92b2ddd", "losses", "weighted_", "tensorflow", "37m19s", "2026-11-29,"
    pieces.forEach((need, i) => expect(share[i], headers[i]).toBeGreaterThanOrEqual(need - 0.5));
  });

  it("gives every column its longest cell on one line where all fit (a table wide only for its headers)", () => {
    const headers = [
      "model",
      "ours, compiled",
      "ours, eager",
      "tf.keras",
      "tf.keras eager",
      "PyTorch",
      "compiled / tf.keras",
    ];
    const rows = [
      ["inception_resnet", 5060, 1593, 4255, 479, 3292, 1.19],
      ["resnet", 123, 97.3, 107, 56.7, 107, 1.15],
    ];
    const share = printedShares(table(headers, rows)["text/markdown"] as string);
    const longest = [16, 5, 7, 8, 8, 7, 8]; // "inception_resnet", "5,060", "1593.00", "tf.keras" (first words never hyphenate), …
    longest.forEach((n, i) => expect(share[i], headers[i]).toBeGreaterThanOrEqual(n));
  });
});

describe("readmeTable (GitHub Markdown)", () => {
  it("is a pipe table with number columns right-aligned, a missing value as a dash and | escaped", () => {
    const t = readmeTable(
      ["claim", "points", "p"],
      [
        ["a|b over c", { value: -0.48, text: "−0.48" }, 3],
        ["d over e", null, 0.5],
      ],
    );
    expect(t).toBe(
      [
        "| claim | points | p |",
        "| --- | ---: | ---: |",
        "| a\\|b over c | −0.48 | 3 |",
        "| d over e | – | 0.5 |",
      ].join("\n"),
    );
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

  it("sets **strong** text as strong in HTML, as Markdown does, and leaves it alone inside code", () => {
    const note = markdownNote("The demo runs **the final model** (`a **b**`).");
    expect(note["text/markdown"]).toBe("The demo runs **the final model** (`a **b**`).");
    expect(note["text/html"]).toBe(
      '<p class="report-note">The demo runs <strong>the final model</strong> (<code>a **b**</code>).</p>',
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
