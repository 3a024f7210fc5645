/** Adds static PNGs of the charts to executed notebooks (for Quarto's PDF). Usage: rasterize.ts NOTEBOOK... */
import { ChartLayoutError, rasterizeCharts } from "../../src/report/print/rasterize.js";

try {
  const n = await rasterizeCharts(process.argv.slice(2));
  console.log(`report: added static images of ${n} charts`);
} catch (err) {
  if (!(err instanceof ChartLayoutError)) throw err;
  console.error(`${err.message}; fix the chart's layout and run again`);
  process.exitCode = 1;
}
