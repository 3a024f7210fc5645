import { describe, expect, it, vi } from "vitest";
import { figureBundle } from "../../../src/report/display/charts.js";
import { captionBundle, interruptInOneLine, show } from "../../../src/report/display/display.js";
import { markdownNote } from "../../../src/report/display/tables.js";

describe("interruptInOneLine", () => {
  it("turns tslab's interrupt error into one line, passes other writes through, and puts stderr back", () => {
    const original = process.stderr.write;
    const written: string[] = [];
    process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stderr.write;
    const capture = process.stderr.write;
    try {
      const restore = interruptInOneLine("run X: interrupted");
      process.stderr.write("a warning\n");
      process.stderr.write("Error: Interrupted asynchronously\n    at createExecutor (tslab/dist/executor.js:87:23)\n");
      expect(process.stderr.write).toBe(capture); // put back at the first interrupt
      process.stderr.write("Error: Interrupted asynchronously\n");
      restore();
      expect(written).toEqual(["a warning\n", "run X: interrupted\n", "Error: Interrupted asynchronously\n"]);
      const again = interruptInOneLine("y");
      again();
      expect(process.stderr.write).toBe(capture);
    } finally {
      process.stderr.write = original;
    }
  });
});

describe("captionBundle", () => {
  it("is a caption in every form: emphasised markdown (its own * and _ and HTML escaped), an HTML paragraph, plain text", () => {
    const c = captionBundle("Look at <Shirt> & the *dotted* line_s");
    expect(c["text/markdown"]).toBe("*Look at &lt;Shirt&gt; &amp; the \\*dotted\\* line\\_s*");
    expect(c["text/html"]).toBe(
      '<p class="figure-caption"><em>Look at &lt;Shirt&gt; &amp; the *dotted* line_s</em></p>',
    );
    expect(c["text/plain"]).toBe("Look at <Shirt> & the *dotted* line_s");
  });
});

describe("show", () => {
  it("puts a chart's caption after it, but none after a note that stands in for a chart", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      show(figureBundle({ data: [], layout: {} }, "chart summary"), "look at the dip");
      show(markdownNote("t: no finished runs at this profile yet, nothing to plot."), "look at the dip");
      expect(log.mock.calls.map((c) => c[0])).toEqual([
        "chart summary",
        "look at the dip",
        "t: no finished runs at this profile yet, nothing to plot.",
      ]);
    } finally {
      log.mockRestore();
    }
  });
});
