/**
 * Refreshes the README's generated blocks (src/report/chapters/readme-blocks.ts): the results
 * table, the final models' paragraph, the claims across seeds, the long-training statements and
 * the speed tables, from the run store and output_dir/bench/train.json.
 * Usage: node --import tsx scripts/readme-results.ts
 */
import { readFileSync } from "node:fs";
import { exitOnExpectedErrors } from "../src/cli/fail.js";
import { refreshReadme } from "../src/report/chapters/readme-blocks.js";
import { writeFileAtomic } from "../src/util/atomic.js";
import { projectPath } from "../src/util/paths.js";

exitOnExpectedErrors();
const path = projectPath("README.md");
writeFileAtomic(path, await refreshReadme(readFileSync(path, "utf8")));
console.log(
  "README.md: results table, final models, claims across seeds, long-training statements and speed tables refreshed from the run store and output_dir/bench/train.json",
);
