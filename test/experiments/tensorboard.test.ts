/** The run store as TensorBoard event files, and npm run tensorboard serving ours beside the original's. */
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeConfig } from "../../src/experiments/config.js";
import { runExperiment, type Run } from "../../src/experiments/store.js";
import { runScalars, syncTensorboard, tensorboardDir } from "../../src/experiments/tensorboard.js";
import { tmpDir } from "../helpers/fixtures.js";
import { tinyDataset } from "../helpers/tiny-data.js";

const curvesPath = "output_dir/original/curves.json";
const tensorboard = ".venv/bin/tensorboard";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe("TensorBoard event files", () => {
  const store = tmpDir("fmnist-tensorboard-");
  let run: Run;
  beforeAll(async () => {
    run = await runExperiment(makeConfig({ model: "simple_model_1", profile: "smoke" }), {
      outputDir: store,
      data: tinyDataset(),
    });
  }, 120_000);
  afterAll(() => rmSync(store, { recursive: true, force: true }));

  it("carry each metrics line's scalars once: training loss, accuracy and rate, dev accuracy overall and per class", () => {
    const points = runScalars(run.metrics);
    const dev = run.metrics.filter((l) => l.kind === "dev");
    expect(points.filter((p) => p.tag === "dev/accuracy").map((p) => p.step)).toEqual(dev.map((l) => l.step));
    expect(new Set(points.filter((p) => p.tag.startsWith("dev_per_class/")).map((p) => p.tag)).size).toBe(10);
    expect(points.some((p) => p.tag === "dev_per_class/0_T-shirt-top")).toBe(true);
    const keys = points.map((p) => `${p.tag}@${p.step}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("are written per run and for the original's curves, rewritten only when a run's metrics change", async () => {
    const first = await syncTensorboard({ outputDir: store, curvesPath });
    expect(first.written).toEqual([
      run.name,
      "original-simple_model_1",
      "original-simple_model_2",
      "original-inception",
    ]);
    expect(readdirSync(join(tensorboardDir(store), run.name)).some((f) => f.startsWith("events.out.tfevents"))).toBe(
      true,
    );
    const again = await syncTensorboard({ outputDir: store, curvesPath });
    expect([again.written, again.unchanged]).toEqual([[], 4]);
    // a run that trains on (its metrics file grows) is written anew, whole
    appendFileSync(
      join(run.dir, "metrics.jsonl"),
      JSON.stringify({ kind: "dev", step: 18, accuracy: 0.5, perClass: new Array(10).fill(0.5) }) + "\n",
    );
    expect((await syncTensorboard({ outputDir: store, curvesPath })).written).toEqual([run.name]);
    expect(readdirSync(tensorboardDir(store)).filter((f) => f.startsWith("."))).toEqual([]);
  }, 120_000);

  describe.skipIf(!existsSync(tensorboard))("npm run tensorboard", () => {
    let server: ChildProcess | null = null;
    afterAll(() => {
      server?.kill("SIGTERM");
    });

    it("serves our runs and the original's on 127.0.0.1 (checked through TensorBoard's HTTP API)", async () => {
      const port = await freePort();
      server = spawn(
        process.execPath,
        ["--import", "tsx", "src/cli/tensorboard.ts", "--output-dir", store, "--port", String(port), "--rebuild"],
        { stdio: "ignore" },
      );
      const get = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`)).json();
      let runs: string[] = [];
      for (let i = 0; i < 120 && !runs.includes(run.name); i++) {
        runs = await get("/data/runs").catch(() => []);
        if (!runs.includes(run.name)) await new Promise((r) => setTimeout(r, 500));
      }
      expect(runs).toEqual(expect.arrayContaining([run.name, "original-simple_model_1", "original-inception"]));
      const scalars = (await get(
        `/data/plugin/scalars/scalars?run=${encodeURIComponent(run.name)}&tag=${encodeURIComponent("dev/accuracy")}`,
      )) as [number, number, number][];
      const devSteps = [...run.metrics.filter((l) => l.kind === "dev").map((l) => l.step), 18];
      expect(scalars.map(([, step]) => step)).toEqual(devSteps);
    }, 120_000);
  });
});
