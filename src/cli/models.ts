/** `npm run models` — the five architectures: trainable parameters and forward MFLOPs. */
import { MODEL_NAMES, ORIGINAL_MODELS } from "../config.js";
import { initBackend } from "../runtime/backend.js";
import { buildModel } from "../models/architectures.js";
import { summarizeModel } from "../models/summary.js";
import { parseCli, str } from "./args.js";
import { exitOnExpectedErrors } from "./fail.js";

exitOnExpectedErrors();

const USAGE = `usage: npm run models -- [--layers NAME]

Prints each model's trainable parameters (ours and the original's) and forward MFLOPs per
image; --layers NAME prints that model's per-layer table too.`;

const layersOf = str(parseCli(USAGE, { layers: { type: "string" } }), "layers");
await initBackend();
console.log("model              params   original  diff     MFLOPs/image");
for (const name of MODEL_NAMES) {
  const s = summarizeModel(buildModel(name));
  const original = ORIGINAL_MODELS[name]?.params;
  const diff = original ? `${((s.totalParams / original - 1) * 100).toFixed(2)}%` : "–";
  console.log(
    `${name.padEnd(17)} ${String(s.totalParams).padStart(9)} ${String(original ?? "–").padStart(9)}  ${diff.padStart(6)}  ${s.mflops.toFixed(1).padStart(8)}`,
  );
}
if (layersOf) {
  const s = summarizeModel(buildModel(layersOf));
  for (const l of s.layers)
    console.log(
      `${l.name.padEnd(32)} ${l.type.padEnd(20)} ${JSON.stringify(l.outputShape).padEnd(18)} ${String(l.params).padStart(8)} ${String(l.macs).padStart(10)}`,
    );
}
