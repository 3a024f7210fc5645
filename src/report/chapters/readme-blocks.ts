/**
 * The README's generated blocks, each between its markers: the results table from the run store
 * (as `npm run study -- --results` prints it), the final models' paragraph (as the chapters state
 * it), the original's claims across seeds and its statements over long training (as the findings
 * chapter checks them) and the speed tables from output_dir/bench/train.json.
 * `scripts/readme-results.ts` writes them; a test checks that the committed README holds what the
 * committed store gives.
 */
import { resultRows, resultsMarkdown } from "../../experiments/results.js";
import { ExpectedError } from "../../util/errors.js";
import { benchMarkdown, readBench } from "../display/bench-table.js";
import { finalModelsSummary } from "./final-models-summary.js";
import { longAugmentationSummary } from "./long-augmentation-summary.js";
import { seedClaimsSummary } from "./seed-claims-summary.js";

/** A block's opening marker (it names the command that fills it) and its closing one. */
export const README_BLOCKS = {
  results: { start: "<!-- results: npm run study -- --results -->\n", end: "<!-- /results -->" },
  finals: { start: "<!-- finals: node --import tsx scripts/readme-results.ts -->\n", end: "<!-- /finals -->" },
  seeds: { start: "<!-- seeds: node --import tsx scripts/readme-results.ts -->\n", end: "<!-- /seeds -->" },
  long: { start: "<!-- long: node --import tsx scripts/readme-results.ts -->\n", end: "<!-- /long -->" },
  bench: { start: "<!-- bench: npm run bench -- --save -->\n", end: "<!-- /bench -->" },
} as const;

type BlockName = keyof typeof README_BLOCKS;

/** Where a block's text starts and ends in `text` (null where its markers are missing). */
function blockSpan(text: string, name: BlockName): [number, number] | null {
  const { start, end } = README_BLOCKS[name];
  const a = text.indexOf(start);
  const b = a < 0 ? -1 : text.indexOf(end, a);
  return b < 0 ? null : [a + start.length, b];
}

/** The text between a block's markers (null where the markers are missing). */
export function readmeBlock(text: string, name: BlockName): string | null {
  const span = blockSpan(text, name);
  return span && text.slice(...span);
}

function replaceBlock(text: string, name: BlockName, body: string): string {
  const span = blockSpan(text, name);
  if (!span) {
    const { start, end } = README_BLOCKS[name];
    throw new ExpectedError(`README.md: the markers ${start.trim()} … ${end} are missing; put them back`);
  }
  return text.slice(0, span[0]) + body + "\n" + text.slice(span[1]);
}

/** Each block's text as the run store and the benchmark file give it now. */
export async function readmeBlocks(): Promise<Record<BlockName, string>> {
  const bench = readBench();
  if (!bench) throw new ExpectedError("output_dir/bench/train.json is missing: run npm run bench -- --save");
  return {
    results: resultsMarkdown(resultRows("cpu")),
    finals: await finalModelsSummary("cpu"),
    seeds: await seedClaimsSummary("cpu"),
    long: await longAugmentationSummary("cpu"),
    bench: benchMarkdown(bench),
  };
}

/** The README with every generated block refreshed. */
export async function refreshReadme(text: string): Promise<string> {
  const blocks = await readmeBlocks();
  let out = text;
  for (const name of Object.keys(README_BLOCKS) as BlockName[]) out = replaceBlock(out, name, blocks[name]);
  return out;
}
