/** Trains a config (argv[2], JSON) on the tiny dataset into output dir argv[3]; used to test crash recovery and the run lock. */
import { exitOnExpectedErrors } from "../../src/cli/fail.js";
import { runExperiment } from "../../src/experiments/store.js";
import { tinyDataset } from "./tiny-data.js";

exitOnExpectedErrors();
const cfg = JSON.parse(process.argv[2]);
const run = await runExperiment(cfg, { outputDir: process.argv[3], data: tinyDataset() });
console.log(run.done ? "complete" : "incomplete");
