/** `npm run tensorboard` — our runs and the original's curves in TensorBoard, on 127.0.0.1. */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { PATHS } from "../config.js";
import { syncTensorboard, tensorboardDir } from "../experiments/tensorboard.js";
import { displayPath, outputDir, projectPath } from "../util/paths.js";
import { ExpectedError } from "../util/errors.js";
import { flag, numberOption, parseCli, str, usageExit } from "./args.js";
import { exitOnExpectedErrors } from "./fail.js";

exitOnExpectedErrors();

/** How often, while TensorBoard runs, the event files catch up with runs still training. */
const RESYNC_MS = 30_000;

const USAGE = `usage: npm run tensorboard -- [--port N] [--rebuild] [--no-serve] [--output-dir DIR]

Writes every run's training and dev scalars (per class too, and the learning rate) and the
original's logged curves as TensorBoard event files under DIR/tensorboard/ (DIR: the run store,
default output_dir/), then serves TensorBoard on http://127.0.0.1:PORT/ (default 6006) and keeps
the files up to date with runs still training. The run store stays the source of truth: the
event files are rebuilt from it (all of them with --rebuild).`;

const args = parseCli(USAGE, {
  port: { type: "string" },
  rebuild: { type: "boolean" },
  "no-serve": { type: "boolean" },
  "output-dir": { type: "string" },
});
const port = numberOption(USAGE, "port", str(args, "port"), 1, 65535, 6006)!;
if (!Number.isInteger(port)) usageExit(USAGE, `--port must be a whole number, got '${str(args, "port")}'`);
const store = str(args, "output-dir") ?? outputDir();
const curvesPath = projectPath(PATHS.originalCurves);

async function sync(rebuild: boolean, quiet: boolean): Promise<void> {
  const r = await syncTensorboard({ outputDir: store, curvesPath, rebuild });
  for (const s of r.skipped) console.warn(`tensorboard: left out ${s}`);
  if (!quiet || r.written.length)
    console.log(
      `tensorboard: ${r.written.length} run(s) written${r.written.length ? ` (${r.written.join(", ")})` : ""}, ${r.unchanged} up to date, in ${displayPath(tensorboardDir(store))}`,
    );
}

await sync(flag(args, "rebuild"), false);
if (flag(args, "no-serve")) process.exit(0);

const binary = projectPath(".venv/bin/tensorboard");
if (!existsSync(binary))
  throw new ExpectedError(
    `${binary} is missing: TensorBoard is installed into .venv by npm run setup (requirements.txt)`,
  );
const server = spawn(binary, ["--logdir", tensorboardDir(store), "--host", "127.0.0.1", "--port", String(port)], {
  stdio: ["ignore", "inherit", "inherit"],
});
console.log(`tensorboard: http://127.0.0.1:${port}/ (Ctrl-C to stop)`);
const timer = setInterval(() => void sync(false, true), RESYNC_MS);
const stop = () => {
  clearInterval(timer);
  server.kill("SIGTERM");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
server.on("exit", (code) => {
  clearInterval(timer);
  process.exit(code ?? 0);
});
