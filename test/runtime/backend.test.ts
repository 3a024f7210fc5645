import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { enableOneDnn, initBackend, ONEDNN_VARIABLE } from "../../src/runtime/backend.js";

describe("the native backend's environment", () => {
  const withVariable = (value: string | undefined, body: () => void) => {
    const before = process.env[ONEDNN_VARIABLE];
    if (value === undefined) delete process.env[ONEDNN_VARIABLE];
    else process.env[ONEDNN_VARIABLE] = value;
    try {
      body();
    } finally {
      if (before === undefined) delete process.env[ONEDNN_VARIABLE];
      else process.env[ONEDNN_VARIABLE] = before;
    }
  };

  it("turns oneDNN on unless the user set the switch", () => {
    withVariable(undefined, () => {
      enableOneDnn();
      expect(process.env[ONEDNN_VARIABLE]).toBe("1");
    });
    withVariable("0", () => {
      enableOneDnn();
      expect(process.env[ONEDNN_VARIABLE]).toBe("0");
    });
  });

  it("records whether the native backend runs oneDNN", async () => {
    const info = await initBackend();
    if (info.name.startsWith("tensorflow")) expect(info.oneDnn).toBe(process.env[ONEDNN_VARIABLE] !== "0");
    else expect(info.oneDnn).toBeUndefined();
  });

  it("loads TensorFlow without its load-time notes on standard error, unless FMNIST_DEBUG is set", () => {
    const load = (env: Record<string, string>) =>
      spawnSync(
        process.execPath,
        ["--import", "tsx", "-e", 'import("./src/runtime/backend.ts").then((m) => m.initBackend("tensorflow"))'],
        { encoding: "utf8", env: { ...process.env, FMNIST_DEBUG: "", ...env } },
      );
    const quiet = load({});
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(load({ FMNIST_DEBUG: "1" }).stderr).toContain("oneDNN custom operations are on");
  });
});
