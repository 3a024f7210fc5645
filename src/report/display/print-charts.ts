/**
 * How tall a chart is drawn on paper. On screen a chart's plot area has room to spare; on an A4
 * page a chart of the screen's height often does not fit below a few paragraphs or beside another
 * chart, and the rest of the page is left empty. On paper the title sits closer to the plot and
 * the plot area keeps a share of its height; the axes, labels and legend below keep all of theirs.
 */

/** Room above the plot for a printed chart's title (Plotly's default top margin is 100 px). */
export const PRINT_TITLE_ROOM = 50;
/** The share of its plot area's height a chart keeps on paper. */
export const PRINT_PLOT_SHARE = 0.75;

/** A drawn chart's height and margins, as Plotly laid it out (its `_fullLayout`). */
export interface ChartBox {
  height: number;
  margin: { t: number; b: number };
}

/** The printed height of a chart drawn `box` tall on screen; never taller than on screen. */
export function printedChartHeight(box: ChartBox): number {
  const plot = box.height - box.margin.t - box.margin.b;
  return Math.min(box.height, PRINT_TITLE_ROOM + box.margin.b + Math.round(plot * PRINT_PLOT_SHARE));
}
