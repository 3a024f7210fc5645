/** Adds static PNGs of the charts to executed notebooks (for Quarto's PDF). Usage: rasterize.ts NOTEBOOK... */
import { rasterizeCharts } from "../../src/report/rasterize.js";

const n = await rasterizeCharts(process.argv.slice(2));
console.log(`report: added static images of ${n} charts`);
