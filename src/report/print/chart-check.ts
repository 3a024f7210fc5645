/**
 * A check of drawn charts, run in the browser on a page whose Plotly charts are drawn (pass it
 * to Playwright's page.evaluate; it is self-contained for that reason): the charts whose legend
 * covers an axis label or title, or reaches outside the chart, each named by its summary.
 */
export const chartLayoutProblems = (): string[] => {
  const problems: string[] = [];
  for (const chart of document.querySelectorAll(".plotly-chart")) {
    const legend = chart.querySelector(".legend");
    const svg = chart.querySelector("svg.main-svg");
    if (!legend || !svg) continue;
    const name = (chart.getAttribute("data-summary") ?? "a chart").slice(0, 60);
    const l = legend.getBoundingClientRect();
    const box = svg.getBoundingClientRect();
    if (l.top < box.top - 1 || l.bottom > box.bottom + 1 || l.left < box.left - 1 || l.right > box.right + 1)
      problems.push(`${name}: the legend reaches outside the chart`);
    const labels = chart.querySelectorAll(".xtick text, .ytick text, .g-xtitle text, .g-ytitle text");
    const covered = [...labels].find((label) => {
      const t = label.getBoundingClientRect();
      return t.width > 0 && l.left < t.right && t.left < l.right && l.top < t.bottom && t.top < l.bottom;
    });
    if (covered) problems.push(`${name}: the legend covers the label "${covered.textContent}"`);
  }
  return problems;
};

/** The words an axis title carries when its range cuts off data on purpose. */
export const ZOOM_WORD = "zoomed";

interface Trace {
  type?: string;
  name?: string;
  y?: (number | null)[];
  yaxis?: string;
  error_y?: { array?: number[]; arrayminus?: number[] };
}

/**
 * What a chart hides, from its Plotly JSON: a bar whose value axis does not start at zero, and a
 * point (or the end of an error bar) outside its axis' fixed range where the axis title does not
 * say it is zoomed. Each problem names the chart's title and the trace.
 */
export function chartAxisProblems(fig: { data: object[]; layout: Record<string, unknown> }): string[] {
  const layout = fig.layout as Record<string, { range?: [number, number]; title?: { text?: string } } | undefined> & {
    title?: { text?: string };
  };
  const title = layout.title?.text ?? "a chart";
  const problems: string[] = [];
  for (const trace of fig.data as Trace[]) {
    const axisName = trace.yaxis ? `yaxis${trace.yaxis.slice(1)}` : "yaxis";
    const axis = layout[axisName];
    const range = axis?.range;
    if (!range) continue;
    const [lo, hi] = range;
    const name = `${title}: ${trace.name ?? "a trace"}`;
    if ((trace.type ?? "scatter") === "bar" && lo !== 0) problems.push(`${name}: bars on an axis from ${lo}, not 0`);
    if ((axis?.title?.text ?? "").includes(ZOOM_WORD)) continue;
    const ys = trace.y ?? [];
    const plus = trace.error_y?.array ?? [];
    const minus = trace.error_y?.arrayminus ?? plus;
    const outside = ys.filter(
      (y, i): y is number => y !== null && (y - (minus[i] ?? 0) < lo - 1e-9 || y + (plus[i] ?? 0) > hi + 1e-9),
    );
    if (outside.length) problems.push(`${name}: ${outside.length} point(s) outside the axis [${lo}, ${hi}], unsaid`);
  }
  return problems;
}
