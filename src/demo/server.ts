/** The demo's web server on 127.0.0.1: the page, its script (bundled on start), tfjs, the model. */
import { runName } from "../experiments/config.js";
import { trainCommand } from "../experiments/reproduce.js";
import { studyFinalConfig } from "../experiments/study.js";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { build } from "esbuild";
import { demoModelDir, projectPath } from "../util/paths.js";
import { ExpectedError } from "../util/errors.js";

export interface DemoServer {
  url: string;
  close(): Promise<void>;
}

export interface DemoOptions {
  port?: number;
  /** Folder with model.json, weights.bin and meta.json (default: the demo model of the run store in use, output_dir/final_model). */
  modelDir?: string;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".json": "application/json",
  ".bin": "application/octet-stream",
};

async function bundleApp(): Promise<string> {
  const result = await build({
    entryPoints: [projectPath("src/demo/browser/app.ts")],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2020",
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

/** What the exported model is: its run, checkpoint and test accuracy from meta.json (a damaged meta.json is said so, not fatal). */
function describeExport(metaPath: string): string {
  if (!existsSync(metaPath)) return "";
  try {
    const meta = JSON.parse(readFileSync(metaPath, "utf8"));
    const acc = meta?.testEvaluation?.accuracy;
    return `${meta.run} (${meta.checkpoint}, step ${meta.step}${typeof acc === "number" ? `, test accuracy ${(100 * acc).toFixed(2)}%` : ""})`;
  } catch (err) {
    return `unknown run: ${metaPath} is not valid JSON (${(err as Error).message}); export the model again`;
  }
}

export function modelStatus(modelDir: string): { available: boolean; description: string; command: string } {
  const available = existsSync(join(modelDir, "model.json")) && existsSync(join(modelDir, "weights.bin"));
  const description = available ? describeExport(join(modelDir, "meta.json")) : "";
  // the study's final model: trained with the schedule the dev split chose (the original's until it has chosen)
  const final = studyFinalConfig("cpu");
  return {
    available,
    description,
    command: `${trainCommand(final)} && npm run export -- ${runName(final)}`,
  };
}

/** The Host headers the server answers: its own address and localhost, on its port. */
function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

export async function startDemoServer(opts: DemoOptions = {}): Promise<DemoServer> {
  const modelDir = opts.modelDir ?? demoModelDir();
  const app = await bundleApp();
  const page = readFileSync(projectPath("src/demo/page.html"), "utf8");
  const tfjs = readFileSync(projectPath("node_modules/@tensorflow/tfjs/dist/tf.min.js"));
  let port = 0;
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: string | Buffer, type: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...headers });
      res.end(body);
    };
    try {
      route(req.method ?? "GET", req.url ?? "/", req.headers.host, send);
    } catch (err) {
      // a bug in a route: the request fails, the server stays up
      console.error(err);
      if (!res.headersSent) send(500, "internal error", "text/plain");
    }
  });
  type Send = (status: number, body: string | Buffer, type: string, headers?: Record<string, string>) => void;
  const route = (method: string, url: string, host: string | undefined, send: Send) => {
    if (method !== "GET" && method !== "HEAD")
      return send(405, "method not allowed", "text/plain", { Allow: "GET, HEAD" });
    // only this machine's own names: a page elsewhere cannot reach the server through DNS rebinding
    if (!host || !allowedHosts(port).includes(host.toLowerCase()))
      return send(421, "misdirected request: use http://127.0.0.1:" + port + "/", "text/plain");
    let path: string;
    try {
      path = decodeURIComponent(new URL(url, "http://127.0.0.1").pathname);
    } catch {
      return send(400, "bad request", "text/plain");
    }
    if (path === "/" || path === "/index.html") return send(200, page, TYPES[".html"]);
    if (path === "/app.js") return send(200, app, TYPES[".js"]);
    if (path === "/vendor/tf.min.js") return send(200, tfjs, TYPES[".js"]);
    const wasm = /^\/vendor\/(tf-backend-wasm\.min\.js|tfjs-backend-wasm(-simd|-threaded-simd)?\.wasm)$/.exec(path);
    if (wasm)
      return send(
        200,
        readFileSync(projectPath(`node_modules/@tensorflow/tfjs-backend-wasm/dist/${wasm[1]}`)),
        wasm[1].endsWith(".js") ? TYPES[".js"] : "application/wasm",
      );
    if (path === "/api/model") return send(200, JSON.stringify(modelStatus(modelDir)), TYPES[".json"]);
    const m = /^\/model\/(model\.json|weights\.bin)$/.exec(path);
    if (m && existsSync(join(modelDir, m[1])))
      return send(200, readFileSync(join(modelDir, m[1])), TYPES[m[1].endsWith(".json") ? ".json" : ".bin"]);
    if (path === "/favicon.ico") return send(204, "", "image/x-icon");
    send(404, "not found", "text/plain");
  };
  await new Promise<void>((res, rej) =>
    server
      .once("error", (err: NodeJS.ErrnoException) =>
        rej(
          err.code === "EADDRINUSE"
            ? new ExpectedError(
                `port ${opts.port} on 127.0.0.1 is in use (another demo or server?): stop it, or choose another with --port N`,
              )
            : err.code === "EACCES"
              ? new ExpectedError(
                  `port ${opts.port} needs more privileges than this user has: choose one above 1023 with --port N`,
                )
              : err,
        ),
      )
      .listen(opts.port ?? 0, "127.0.0.1", () => res()),
  );
  port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((res) => server.close(() => res())) };
}
