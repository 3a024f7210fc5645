/** The benchmarks change nothing the repository ships unless asked to (--save), and --help installs nothing. */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { benchResultPath } from "../../src/util/paths.js";
import { tmpDir } from "../helpers/fixtures.js";

const store = tmpDir("fmnist-bench-");
afterAll(() => rmSync(store, { recursive: true, force: true }));

describe("benchmark figures", () => {
  it("go to bench/latest/ of the store in use, and to the reference bench/ only with --save", () => {
    const env = process.env.FMNIST_OUTPUT_DIR;
    process.env.FMNIST_OUTPUT_DIR = store;
    try {
      expect(benchResultPath("train.json", false)).toBe(join(store, "bench", "latest", "train.json"));
      expect(benchResultPath("train.json", true)).toBe(join(store, "bench", "train.json"));
    } finally {
      if (env === undefined) delete process.env.FMNIST_OUTPUT_DIR;
      else process.env.FMNIST_OUTPUT_DIR = env;
    }
  });

  it("of a trial run leave the committed reference figures as they are", () => {
    const reference = "output_dir/bench/augment.json";
    const before = readFileSync(reference, "utf8");
    const r = spawnSync(process.execPath, ["--import", "tsx", "bench/augment.ts"], {
      encoding: "utf8",
      env: { ...process.env, FMNIST_OUTPUT_DIR: store },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(store, "bench", "latest", "augment.json"))).toBe(true);
    expect(readFileSync(reference, "utf8")).toBe(before);
  }, 60_000);

  it("npm run bench -- --help prints its usage before installing anything", () => {
    const r = spawnSync("bash", ["scripts/bench.sh", "--help"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run bench -- /);
    expect(r.stdout).toContain("about 2.3 GB");
    expect(r.stdout + r.stderr).not.toMatch(/setup:|installing/);
  });
});
