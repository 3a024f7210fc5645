import { describe, expect, it } from "vitest";
import { table } from "../../src/report/tables.js";

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
