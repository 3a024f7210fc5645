/**
 * Refreshes the README's results table (between its `<!-- results -->` markers) from the run
 * store, as `npm run study -- --results` prints it. Usage: node --import tsx scripts/readme-results.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resultRows, resultsMarkdown } from "../src/experiments/results.js";
import { projectPath } from "../src/util/paths.js";

const path = projectPath("README.md");
const text = readFileSync(path, "utf8");
const start = "<!-- results: npm run study -- --results -->\n";
const end = "<!-- /results -->";
const a = text.indexOf(start);
const b = text.indexOf(end);
if (a < 0 || b < a) throw new Error(`${path}: the results markers are missing (${start.trim()} … ${end})`);
writeFileSync(path, text.slice(0, a + start.length) + resultsMarkdown(resultRows("cpu")) + "\n" + text.slice(b));
console.log(`README.md: results table refreshed from the run store`);
