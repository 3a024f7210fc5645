import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tmpDir } from "../helpers/fixtures.js";

function cli(script: string, ...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", `src/cli/${script}.ts`, ...args], { encoding: "utf8" });
}

describe("command lines", () => {
  it("exit 2 with one clear line on bad arguments", () => {
    const cases: [string, string[], RegExp][] = [
      ["train", ["--model", "vgg"], /unknown model 'vgg'; expected one of simple_model_1/],
      ["train", [], /--model is required/],
      [
        "train",
        ["--model", "resnet", "--augment-prob", "1.5"],
        /--augment-prob must be a number in \[0, 1\], got '1.5'/,
      ],
      ["train", ["--model", "resnet", "--loss", "hinge"], /unknown loss 'hinge'/],
      ["train", ["--model", "resnet", "--ops", "noise,rotate"], /unknown augmentation op 'rotate'/],
      ["train", ["--model", "resnet", "--bogus"], /Unknown option '--bogus'/],
      [
        "train",
        ["--model", "inception", "--schedule", "linear"],
        /unknown schedule 'linear'; expected original or cosine/,
      ],
      ["train", ["--model", "inception", "--peak-lr", "0.001"], /--peak-lr applies to --schedule cosine only/],
      [
        "train",
        ["--model", "inception", "--schedule", "cosine", "--steps", "100"],
        /schedule.warmupSteps \(500\) must be below horizonSteps \(100\)/,
      ],
      ["evaluate", ["no-such-run"], /no run 'no-such-run'/],
      ["export", [], /give exactly one run/],
      ["data", ["--nope"], /Unknown option/],
      ["study", ["--section", "optimizers"], /unknown section 'optimizers'; expected one of architectures/],
      ["study", ["--list", "--slurm"], /--list and --slurm cannot be combined/],
      ["study", ["--partition", "gpu"], /--partition is an option of --slurm/],
      ["study", ["--dry-run"], /--dry-run is an option of --slurm/],
      ["study", ["--steps", "1.5", "--list"], /--steps must be a whole number/],
      ["study", ["--slurm", "--cpus-per-task", "0"], /--cpus-per-task must be a number in \[1, 4096\]/],
      ["study", ["--slurm", "--time", "abc"], /--time must be in one of Slurm's formats .*got "abc"/],
      ["study", ["--slurm", "--time", "2-00:00:00\n#SBATCH --mem=1"], /--time must be in one of Slurm's formats/],
      ["study", ["--slurm", "--partition", "cpu\n#SBATCH --x"], /--partition must be a partition name/],
      ["study", ["--slurm", "--gres", "gpu:1; rm -rf ~"], /--gres must be a gres spec such as gpu:1/],
      ["study", ["--run", "", "--list"], /--run needs one or more run names/],
      [
        "study",
        ["--run", "resnet-nope-0000000000", "--list"],
        /no run named resnet-nope-0000000000 in the study at profile cpu; npm run study -- --list names them/,
      ],
    ];
    for (const [script, args, message] of cases) {
      const r = cli(script, ...args);
      expect(r.status, `${script} ${args.join(" ")}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain("usage: npm run");
    }
  });

  it("train --continue-from names a source it cannot use, exits 2, and leaves no run behind", () => {
    const out = tmpDir();
    const r = cli(
      "train",
      "--model",
      "simple_model_1",
      "--profile",
      "smoke",
      "--output-dir",
      out,
      "--continue-from",
      "no-such-run",
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/error: cannot continue from .*no-such-run: not a run directory \(no config\.json\)/);
    expect(existsSync(join(out, "runs")) && readdirSync(join(out, "runs")).length > 0).toBe(false);
  });

  it("study --list lines its run names up in one column, whatever the section's name", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/study.ts", "--profile", "cpu", "--list"], {
      encoding: "utf8",
      env: { ...process.env, FMNIST_OUTPUT_DIR: tmpDir() },
    });
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.split("\n").filter((l) => l.startsWith("missing "));
    expect(rows.some((l) => l.includes(" augmentation_long "))).toBe(true);
    const nameColumn = (l: string) => l.search(/\S+-[0-9a-f]{10} /);
    expect(new Set(rows.map(nameColumn))).toEqual(new Set([nameColumn(rows[0])]));
  });

  it("--help prints the usage and exits 0", () => {
    const r = cli("train", "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("--augment-prob P");
  });
});
