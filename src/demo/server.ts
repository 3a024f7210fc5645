/** The demo's web server on 127.0.0.1: the page, its script (bundled on start), tfjs, the model. */
import { runName } from "../experiments/config.js";
import { trainCommand } from "../experiments/reproduce.js";
import { finalConfig } from "../experiments/study.js";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { build } from "esbuild";
import { PATHS } from "../config.js";
import { projectPath } from "../paths.js";

export interface DemoServer {
  url: string;
  close(): Promise<void>;
}

export interface DemoOptions {
  port?: number;
  /** Folder with model.json, weights.bin and meta.json (default output_dir/final_model). */
  modelDir?: string;
}

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".json": "application/json", ".bin": "application/octet-stream" };

async function bundleApp(): Promise<string> {
  const result = await build({ entryPoints: [projectPath("src/demo/browser/app.ts")], bundle: true, write: false, format: "iife", platform: "browser", target: "es2020", logLevel: "silent" });
  return result.outputFiles[0].text;
}

export function modelStatus(modelDir: string): { available: boolean; description: string; command: string } {
  const available = existsSync(join(modelDir, "model.json")) && existsSync(join(modelDir, "weights.bin"));
  let description = "";
  if (available && existsSync(join(modelDir, "meta.json"))) {
    const meta = JSON.parse(readFileSync(join(modelDir, "meta.json"), "utf8"));
    const acc = meta.testEvaluation?.accuracy;
    description = `${meta.run} (${meta.checkpoint}, step ${meta.step}${acc ? `, test accuracy ${(100 * acc).toFixed(2)}%` : ""})`;
  }
  return { available, description, command: `${trainCommand(finalConfig("cpu"))} && npm run export -- ${runName(finalConfig("cpu"))}` };
}

export async function startDemoServer(opts: DemoOptions = {}): Promise<DemoServer> {
  const modelDir = opts.modelDir ?? projectPath(PATHS.finalModelExport);
  const app = await bundleApp();
  const page = readFileSync(projectPath("src/demo/page.html"), "utf8");
  const tfjs = readFileSync(projectPath("node_modules/@tensorflow/tfjs/dist/tf.min.js"));
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const send = (status: number, body: string | Buffer, type: string) => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
      res.end(body);
    };
    if (path === "/" || path === "/index.html") return send(200, page, TYPES[".html"]);
    if (path === "/app.js") return send(200, app, TYPES[".js"]);
    if (path === "/vendor/tf.min.js") return send(200, tfjs, TYPES[".js"]);
    const wasm = /^\/vendor\/(tf-backend-wasm\.min\.js|tfjs-backend-wasm(-simd|-threaded-simd)?\.wasm)$/.exec(path);
    if (wasm) return send(200, readFileSync(projectPath(`node_modules/@tensorflow/tfjs-backend-wasm/dist/${wasm[1]}`)), wasm[1].endsWith(".js") ? TYPES[".js"] : "application/wasm");
    if (path === "/api/model") return send(200, JSON.stringify(modelStatus(modelDir)), TYPES[".json"]);
    const m = /^\/model\/(model\.json|weights\.bin)$/.exec(path);
    if (m && existsSync(join(modelDir, m[1]))) return send(200, readFileSync(join(modelDir, m[1])), TYPES[m[1].endsWith(".json") ? ".json" : ".bin"]);
    if (path === "/favicon.ico") return send(204, "", "image/x-icon");
    send(404, "not found", "text/plain");
  });
  await new Promise<void>((res, rej) => server.once("error", rej).listen(opts.port ?? 0, "127.0.0.1", () => res()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((res) => server.close(() => res())) };
}
