/**
 * Refreshes the README's generated blocks: the results table (between its `<!-- results -->`
 * markers) from the run store, as `npm run study -- --results` prints it, and the speed tables
 * (between its `<!-- bench -->` markers) from output_dir/bench/train.json.
 * Usage: node --import tsx scripts/readme-results.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resultRows, resultsMarkdown } from "../src/experiments/results.js";
import { benchMarkdown, readBench } from "../src/report/display/bench-table.js";
import { projectPath } from "../src/util/paths.js";

const path = projectPath("README.md");

function replaceBlock(text: string, start: string, end: string, body: string): string {
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${path}: the markers are missing (${start.trim()} … ${end})`);
  return text.slice(0, a + start.length) + body + "\n" + text.slice(b);
}

let text = readFileSync(path, "utf8");
text = replaceBlock(
  text,
  "<!-- results: npm run study -- --results -->\n",
  "<!-- /results -->",
  resultsMarkdown(resultRows("cpu")),
);
const bench = readBench();
if (!bench) throw new Error("output_dir/bench/train.json is missing: run npm run bench -- --save");
text = replaceBlock(text, "<!-- bench: npm run bench -- --save -->\n", "<!-- /bench -->", benchMarkdown(bench));
writeFileSync(path, text);
console.log("README.md: results and speed tables refreshed from the run store and output_dir/bench/train.json");
