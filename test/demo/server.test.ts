/** The demo server under hostile requests: it answers each with a status, and stays up. */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelStatus, startDemoServer, type DemoServer } from "../../src/demo/server.js";
import { runName } from "../../src/experiments/config.js";
import { trainCommand } from "../../src/experiments/reproduce.js";
import { studyFinalConfig } from "../../src/experiments/study.js";
import { tmpDir } from "../helpers/fixtures.js";

/** Sends raw HTTP (any request target, any Host) and returns the status line. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, "127.0.0.1", () => socket.write(request));
    let text = "";
    socket.on("data", (d: Buffer) => (text += d));
    socket.on("end", () => resolve(text.split("\r\n")[0]));
    socket.on("error", reject);
  });
}

describe("the demo server", () => {
  let server: DemoServer;
  let port: number;
  const modelDir = join(tmpDir("fmnist-demo-server-"), "model");

  beforeAll(async () => {
    mkdirSync(modelDir, { recursive: true });
    writeFileSync(join(modelDir, "model.json"), "{}");
    writeFileSync(join(modelDir, "weights.bin"), "");
    writeFileSync(join(modelDir, "meta.json"), '{"run": "resnet-fo'); // damaged
    server = await startDemoServer({ modelDir });
    port = Number(new URL(server.url).port);
  }, 60_000);
  afterAll(() => server?.close());

  const get = (target: string, host = `127.0.0.1:${port}`, method = "GET") =>
    raw(port, `${method} ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);

  it("says in one line that its port is in use, and npm run demo exits 1 with that line (no stack trace)", async () => {
    await expect(startDemoServer({ modelDir, port })).rejects.toThrow(
      `port ${port} on 127.0.0.1 is in use (another demo or server?): stop it, or choose another with --port N`,
    );
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/demo.ts", "--port", String(port)], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^(no exported model[^\n]*\n)?\s*error: port \d+ on 127\.0\.0\.1 is in use/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("npm run demo refuses a port that is not a whole number with its usage", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/demo.ts", "--port=80.5"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: --port must be a whole number, got '80\.5'/);
  });

  it("answers a request target that is not a URL with 400, and keeps serving", async () => {
    expect(await get("//%zz")).toBe("HTTP/1.1 400 Bad Request");
    expect(await get("/%E0%A4%A")).toBe("HTTP/1.1 400 Bad Request");
    expect(await get("/")).toBe("HTTP/1.1 200 OK");
  });

  it("allows only GET and HEAD (405 with Allow otherwise)", async () => {
    expect(await get("/", undefined, "POST")).toBe("HTTP/1.1 405 Method Not Allowed");
    expect(await get("/", undefined, "DELETE")).toBe("HTTP/1.1 405 Method Not Allowed");
    expect(await get("/", undefined, "HEAD")).toBe("HTTP/1.1 200 OK");
  });

  it("answers only its own host names (no DNS rebinding)", async () => {
    expect(await get("/", "evil.example:80")).toBe("HTTP/1.1 421 Misdirected Request");
    expect(await get("/api/model", `attacker.test:${port}`)).toBe("HTTP/1.1 421 Misdirected Request");
    expect(await get("/", `localhost:${port}`)).toBe("HTTP/1.1 200 OK");
  });

  it("refuses paths outside its allow-list", async () => {
    expect(await get("/../package.json")).toBe("HTTP/1.1 404 Not Found");
    expect(await get("/model/..%2f..%2fpackage.json")).toBe("HTTP/1.1 404 Not Found");
  });

  it("describes a model whose meta.json is damaged instead of crashing", async () => {
    const res = await fetch(`${server.url}api/model`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.available).toBe(true);
    expect(body.description).toMatch(/meta\.json is not valid JSON .*export the model again/);
  });
});

describe("npm run demo", () => {
  it("serves the demo model of the run store in use ($FMNIST_OUTPUT_DIR), where npm run export writes it", async () => {
    const store = tmpDir("fmnist-demo-store-");
    const dir = join(store, "final_model");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "model.json"), "{}");
    writeFileSync(join(dir, "weights.bin"), "");
    writeFileSync(
      join(dir, "meta.json"),
      JSON.stringify({ run: "made-up-run-of-this-store", checkpoint: "last step", step: 7 }),
    );
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/demo.ts", "--port", "0"], {
      env: { ...process.env, FMNIST_OUTPUT_DIR: store },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d;
          const m = /demo: (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.once("exit", (code) => reject(new Error(`npm run demo exited ${code} before serving`)));
      });
      const status = (await (await fetch(new URL("api/model", url))).json()) as { description: string };
      expect(status.description).toBe("made-up-run-of-this-store (last step, step 7)");
    } finally {
      child.kill();
      rmSync(store, { recursive: true, force: true });
    }
  }, 60_000);

  it("names the study's final model (the schedule the dev split chose) in the command that makes the demo's model", () => {
    const final = studyFinalConfig("cpu");
    expect(modelStatus(join(tmpDir("fmnist-demo-none-"), "model")).command).toBe(
      `${trainCommand(final)} && npm run export -- ${runName(final)}`,
    );
  });
});
