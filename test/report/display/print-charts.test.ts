import { describe, expect, it } from "vitest";
import { PRINT_PLOT_SHARE, PRINT_TITLE_ROOM, printedChartHeight } from "../../../src/report/display/print-charts.js";

describe("printedChartHeight", () => {
  it("keeps the room below the plot, shortens the title's room and the plot area", () => {
    // a line chart with two legend rows: 464 px, title room 100, axis and legend 114
    const box = { height: 464, margin: { t: 100, b: 114 } };
    expect(printedChartHeight(box)).toBe(PRINT_TITLE_ROOM + 114 + Math.round(250 * PRINT_PLOT_SHARE));
    expect(printedChartHeight(box)).toBe(352);
  });

  it("never draws a chart taller on paper than on screen", () => {
    const tight = { height: 150, margin: { t: 20, b: 100 } };
    expect(printedChartHeight(tight)).toBe(150);
  });
});
