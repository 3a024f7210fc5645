/** `npm run lab`: the server starts, offers the tslab kernel, and a kernel imports the project. */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { launchChromium } from "../../src/report/print/browser.js";
import { tmpDir } from "../helpers/fixtures.js";

const ready = existsSync(".venv/bin/jupyter");

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

describe.skipIf(!ready)("npm run lab", () => {
  let server: ChildProcess | null = null;
  let labUrl = "";
  let labLog = "";
  let base = "";
  let token = "";
  // Jupyter with its own config, runtime, settings and workspace folders: a user's saved
  // workspace or settings never change what the test sees. Notebooks render every cell
  // (windowingMode none), so all of a notebook's charts are on the page.
  const home = tmpDir("fmnist-lab-");
  const settings = join(home, "settings");
  mkdirSync(join(settings, "@jupyterlab", "notebook-extension"), { recursive: true });
  writeFileSync(
    join(settings, "@jupyterlab", "notebook-extension", "tracker.jupyterlab-settings"),
    JSON.stringify({ windowingMode: "none" }),
  );
  const env = { ...process.env, JUPYTER_CONFIG_DIR: join(home, "config"), JUPYTER_RUNTIME_DIR: join(home, "runtime") };

  afterAll(async () => {
    // always stop what was started: SIGTERM, then SIGKILL if it is still there after 10 s
    const pid = server?.pid;
    if (!pid) return;
    const gone = new Promise((r) => server!.once("exit", r));
    process.kill(-pid, "SIGTERM");
    const t = setTimeout(() => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // gone already
      }
    }, 10_000);
    await gone;
    clearTimeout(t);
  }, 30_000);

  it("serves the tslab kernelspec and runs a cell that imports the project", async () => {
    const port = await freePort();
    token = randomUUID();
    const dirs = [`--LabApp.user_settings_dir=${settings}`, `--LabApp.workspaces_dir=${join(home, "workspaces")}`];
    server = spawn(
      "npm",
      ["run", "lab", "--", `--port=${port}`, "--ip=127.0.0.1", `--IdentityProvider.token=${token}`, ...dirs],
      { detached: true, stdio: ["ignore", "pipe", "pipe"], env },
    );
    server.stdout!.on("data", (d) => (labLog += d));
    server.stderr!.on("data", (d) => (labLog += d));
    base = `http://127.0.0.1:${port}`;
    labUrl = `${base}/lab/tree/notebooks/03-architectures.ipynb?token=${token}`;
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${base}${path}`, {
        ...init,
        headers: { Authorization: `token ${token}`, "Content-Type": "application/json" },
      });
    const t0 = Date.now();
    for (;;) {
      try {
        if ((await api("/api/status")).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() - t0 > 120_000) throw new Error("JupyterLab did not start within 120 s");
      await new Promise((r) => setTimeout(r, 500));
    }
    const specs = await (await api("/api/kernelspecs")).json();
    expect(Object.keys(specs.kernelspecs)).toContain("tslab");
    expect(specs.kernelspecs.tslab.spec.language).toBe("typescript");

    const kernel = await (
      await api("/api/kernels", { method: "POST", body: JSON.stringify({ name: "tslab" }) })
    ).json();
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/kernels/${kernel.id}/channels?token=${token}`);
    await new Promise((res, rej) => ws.once("open", res).once("error", rej));
    const msgId = randomUUID();
    const output = new Promise<string>((res, rej) => {
      let text = "";
      const timer = setTimeout(() => rej(new Error(`no reply from the kernel; output so far: ${text}`)), 90_000);
      ws.on("message", (raw) => {
        const msg = JSON.parse(raw.toString());
        if (msg.parent_header?.msg_id !== msgId) return;
        if (msg.msg_type === "stream") text += msg.content.text;
        if (msg.msg_type === "error") text += `ERROR ${msg.content.ename}: ${msg.content.evalue}`;
        if (msg.msg_type === "status" && msg.content.execution_state === "idle" && text) {
          clearTimeout(timer);
          res(text);
        }
      });
    });
    ws.send(
      JSON.stringify({
        header: {
          msg_id: msgId,
          msg_type: "execute_request",
          username: "test",
          session: randomUUID(),
          version: "5.3",
          date: new Date().toISOString(),
        },
        parent_header: {},
        metadata: {},
        channel: "shell",
        content: {
          code: 'import * as study from "fashion-mnist-study";\nconsole.log(study.MODEL_NAMES.join(","));',
          silent: false,
          store_history: true,
          user_expressions: {},
          allow_stdin: false,
          stop_on_error: true,
        },
        buffers: [],
      }),
    );
    expect(await output).toContain("simple_model_1,simple_model_2,inception,resnet,inception_resnet");
    // Jupyter's own scripts run as CommonJS (no "Dynamic require … is not supported" stack at start)
    expect(labLog).not.toMatch(/Dynamic require|Fail to get yarn configuration/);
    ws.close();
    await api(`/api/kernels/${kernel.id}`, { method: "DELETE" });
  }, 240_000);

  it("draws a stored notebook's Plotly charts in JupyterLab (headless Chromium)", async () => {
    expect(labUrl, "the server test above starts JupyterLab").not.toBe("");
    const stored = JSON.parse(readFileSync("notebooks/03-architectures.ipynb", "utf8"));
    const charts = stored.cells
      .flatMap((c: { outputs?: { data?: object }[] }) => c.outputs ?? [])
      .filter((o: { data?: object }) => o.data && "application/vnd.plotly.v1+json" in o.data).length;
    expect(charts).toBeGreaterThan(0);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(labUrl);
      // JupyterLab's plotly renderer (the jupyterlab-plotly extension) shows a stored chart as
      // its static copy first and turns it into the interactive chart when the pointer enters it
      const chart = page.locator(".jp-RenderedPlotly").first();
      await chart.locator("img.plot-img").waitFor({ timeout: 120_000 });
      expect(await page.locator(".jp-RenderedPlotly").count()).toBe(charts);
      // (moved by coordinates: Playwright's hover() takes JupyterLab's content-visibility cells for hidden)
      const image = chart.locator("img.plot-img");
      await image.scrollIntoViewIfNeeded();
      const box = (await image.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await chart.locator(".plot-container svg.main-svg").first().waitFor({ timeout: 60_000 });
      expect(await chart.locator(".trace").count()).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it("saving a notebook whose charts were only looked at changes no byte of it (headless Chromium)", async () => {
    expect(labUrl, "the server test above starts JupyterLab").not.toBe("");
    // a copy of a stored chapter, in an ignored folder of the served tree
    const copy = join("output_dir", "lab-test", `${randomUUID()}.ipynb`);
    mkdirSync(dirname(copy), { recursive: true });
    copyFileSync("notebooks/03-architectures.ipynb", copy);
    const stored = readFileSync(copy, "utf8");
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      // (reset: a workspace with only this notebook open, not the one the test above left)
      await page.goto(`${labUrl.replace("notebooks/03-architectures.ipynb", copy)}&reset`);
      const chart = page.locator(".jp-RenderedPlotly").first();
      const image = chart.locator("img.plot-img");
      await image.waitFor({ timeout: 120_000 });
      await image.scrollIntoViewIfNeeded();
      const box = (await image.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await chart.locator(".plot-container svg.main-svg").first().waitFor({ timeout: 60_000 });
      // the renderer replaces the stored PNG with its own screenshot: the notebook is marked changed
      // (the tab of this copy: the workspace may hold others)
      const dirtyTab = page.locator(`.jp-mod-dirty[title*="${basename(copy)}"]`);
      await dirtyTab.waitFor({ timeout: 30_000 });
      await page.keyboard.press("Control+s");
      await dirtyTab.waitFor({ state: "detached", timeout: 30_000 });
      expect(readFileSync(copy, "utf8") === stored, "the saved notebook differs from the stored one").toBe(true);
    } finally {
      await browser.close();
      rmSync(dirname(copy), { recursive: true, force: true });
    }
  }, 180_000);

  it("Kernel → Interrupt stops a training cell after its step, with a checkpoint, and says so in the cell", async () => {
    expect(base, "the server test above starts JupyterLab").not.toBe("");
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${base}${path}`, {
        ...init,
        headers: { Authorization: `token ${token}`, "Content-Type": "application/json" },
      });
    const kernel = await (
      await api("/api/kernels", { method: "POST", body: JSON.stringify({ name: "tslab" }) })
    ).json();
    const ws = new WebSocket(`${base.replace("http", "ws")}/api/kernels/${kernel.id}/channels?token=${token}`);
    await new Promise((res, rej) => ws.once("open", res).once("error", rej));
    const displays: string[] = [];
    let stderr = "";
    ws.on("message", (raw) => {
      const msg = JSON.parse(raw.toString());
      if (msg.msg_type === "display_data" || msg.msg_type === "update_display_data")
        displays.push(String(msg.content.data?.["text/plain"] ?? ""));
      if (msg.msg_type === "stream" && msg.content.name === "stderr") stderr += msg.content.text;
    });
    const execute = (code: string) =>
      ws.send(
        JSON.stringify({
          header: {
            msg_id: randomUUID(),
            msg_type: "execute_request",
            username: "test",
            session: randomUUID(),
            version: "5.3",
            date: new Date().toISOString(),
          },
          parent_header: {},
          metadata: {},
          channel: "shell",
          content: {
            code,
            silent: false,
            store_history: true,
            user_expressions: {},
            allow_stdin: false,
            stop_on_error: true,
          },
          buffers: [],
        }),
      );
    const waitFor = async (pattern: RegExp, ms: number) => {
      const t0 = Date.now();
      while (!displays.some((d) => pattern.test(d))) {
        if (Date.now() - t0 > ms)
          throw new Error(`no display matching ${pattern} within ${ms / 1000} s; last: ${displays.at(-1)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const store = tmpDir("fmnist-lab-runs-");
    const cell = `process.env.FMNIST_OUTPUT_DIR = ${JSON.stringify(store)}; process.env.FMNIST_TRAIN = "missing";
import * as study from "fashion-mnist-study";
const run = await study.ensureRun(study.makeConfig({ model: "resnet", profile: "smoke", steps: 400, evalEvery: 1000 }));`;
    execute(cell);
    await waitFor(/step 10\/400/, 180_000);
    await api(`/api/kernels/${kernel.id}/interrupt`, { method: "POST" });
    await waitFor(/interrupted at step \d+ of 400; a checkpoint is saved: run the cell again to resume/, 60_000);
    // one line in the cell, not tslab's error with the stack of its internals
    expect(stderr).toMatch(
      /^resnet-cross_entropy-\w+: interrupted; the training stops after this step and saves a checkpoint\n$/,
    );
    const runDir = join(store, "runs", readdirSync(join(store, "runs"))[0]);
    expect(existsSync(join(runDir, "last.ckpt"))).toBe(true);
    expect(existsSync(join(runDir, "lock.json"))).toBe(false);
    // nothing trains on in the background
    const metrics = () =>
      existsSync(join(runDir, "metrics.jsonl")) ? readFileSync(join(runDir, "metrics.jsonl"), "utf8") : "";
    const before = metrics();
    await new Promise((r) => setTimeout(r, 4000));
    expect(metrics()).toBe(before);
    // the same cell again resumes from the checkpoint
    displays.length = 0;
    execute(cell);
    await waitFor(/resuming .* from step \d+/, 120_000);
    await api(`/api/kernels/${kernel.id}/interrupt`, { method: "POST" });
    await waitFor(/interrupted at step/, 60_000);
    ws.close();
    await api(`/api/kernels/${kernel.id}`, { method: "DELETE" });
  }, 420_000);
});

describe.skipIf(!ready)("the lab's pre-save hook (scripts/lab/keep_chart_images.py)", () => {
  it("keeps the stored PNG of an unchanged chart, the new PNG of a changed one, and adds none", () => {
    const root = tmpDir("fmnist-lab-hook-");
    const fig = (y: number) => ({ data: [{ y: [y] }], layout: { height: 300 } });
    const output = (y: number, png?: string) => ({
      output_type: "display_data",
      metadata: {},
      data: { "application/vnd.plotly.v1+json": fig(y), "text/plain": "chart", ...(png ? { "image/png": png } : {}) },
    });
    const notebook = (outputs: object[][]) => ({
      cells: outputs.map((o, i) => ({ cell_type: "code", id: `c${i}`, outputs: o })),
    });
    // on disk: cell 0 unchanged chart with PNG A, cell 1 a chart about to change, cell 2 a chart with no PNG
    writeFileSync(join(root, "n.ipynb"), JSON.stringify(notebook([[output(1, "A")], [output(2, "B")], [output(3)]])));
    const saving = notebook([[output(1, "A2")], [output(5, "C")], [output(3, "D")]]);
    const code = [
      "import json, sys",
      "sys.path.insert(0, 'scripts/lab')",
      "from keep_chart_images import keep_stored_chart_images",
      "class Manager: root_dir = sys.argv[1]",
      "model = {'type': 'notebook', 'content': json.loads(sys.stdin.read())}",
      "keep_stored_chart_images(model=model, path='n.ipynb', contents_manager=Manager())",
      "print(json.dumps([c['outputs'][0]['data'].get('image/png') for c in model['content']['cells']]))",
    ].join("\n");
    const pngs = execFileSync(".venv/bin/python", ["-c", code, root], {
      input: JSON.stringify(saving),
      encoding: "utf8",
    });
    expect(JSON.parse(pngs)).toEqual(["A", "C", null]);
  });
});
