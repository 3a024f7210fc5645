/** `npm run demo` — the webcam demo on http://127.0.0.1:PORT/. */
import { startDemoServer, modelStatus } from "../demo/server.js";
import { DEMO_MODEL_FOLDER, demoModelDir } from "../util/paths.js";
import { numberOption, parseCli, str, usageExit } from "./args.js";
import { exitOnExpectedErrors } from "./fail.js";

exitOnExpectedErrors();

const USAGE = `usage: npm run demo -- [--port N] [--model DIR]

Serves the webcam demo on 127.0.0.1 (default port 8080). It loads the exported final model
from DIR (default: ${DEMO_MODEL_FOLDER}/ of the run store in use, i.e. $FMNIST_OUTPUT_DIR, else
output_dir/, where npm run export writes it); open the printed address in a browser.`;

const args = parseCli(USAGE, { port: { type: "string" }, model: { type: "string" } });
const port = numberOption(USAGE, "port", str(args, "port"), 0, 65535, 8080)!;
if (!Number.isInteger(port)) usageExit(USAGE, `--port must be a whole number, got '${str(args, "port")}'`);
const modelDir = str(args, "model") ?? demoModelDir();
const status = modelStatus(modelDir);
if (!status.available)
  console.warn(`no exported model in ${modelDir}: the page will say so. Make one with: ${status.command}`);
const server = await startDemoServer({ port, modelDir });
console.log(`demo: ${server.url} (Ctrl-C to stop)`);
