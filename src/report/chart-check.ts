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
