import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { makeConfig, runName } from "../../src/experiments/config.js";
import { trainArguments } from "../../src/experiments/reproduce.js";
import {
  bf16Flags,
  cpuBf16Flags,
  FPMATH_VARIABLE,
  processPrecision,
  usePrecision,
} from "../../src/runtime/precision.js";
import { tmpDir } from "../helpers/fixtures.js";

const before = process.env[FPMATH_VARIABLE];
afterEach(() => {
  if (before === undefined) delete process.env[FPMATH_VARIABLE];
  else process.env[FPMATH_VARIABLE] = before;
});

describe("precision", () => {
  it("reads the bf16 flags from /proc/cpuinfo's text", () => {
    expect(bf16Flags("processor : 0\nflags\t\t: fpu avx2 avx512f avx512_bf16 amx_tile amx_bf16\n")).toEqual([
      "avx512_bf16",
      "amx_bf16",
    ]);
    expect(bf16Flags("flags : fpu sse avx2 fma\n")).toEqual([]);
    expect(bf16Flags("")).toEqual([]);
  });

  it("sets oneDNN's math mode for a bf16 run before TensorFlow loads, and clears it for fp32", () => {
    delete process.env[FPMATH_VARIABLE];
    usePrecision("bf16", false, ["amx_bf16"]);
    expect([process.env[FPMATH_VARIABLE], processPrecision()]).toEqual(["BF16", "bf16"]);
    usePrecision("fp32", false, []);
    expect([process.env[FPMATH_VARIABLE], processPrecision()]).toEqual([undefined, "fp32"]);
  });

  it("refuses bf16 on a CPU without it, and a precision other than the one TensorFlow loaded with", () => {
    delete process.env[FPMATH_VARIABLE];
    expect(() => usePrecision("bf16", false, [])).toThrow(/needs a CPU with bf16 arithmetic .*train in fp32/);
    expect(() => usePrecision("bf16", true, ["avx512_bf16"])).toThrow(
      /this process computes in fp32 .* train it in a process of its own, with npm run train -- … --precision bf16/,
    );
    usePrecision("fp32", true, []); // the same precision: nothing to change
  });

  it("is part of a bf16 run's config and name, and absent from fp32's (whose stored runs keep their names)", () => {
    const fp32 = makeConfig({ model: "resnet", profile: "cpu" });
    expect(makeConfig({ model: "resnet", profile: "cpu", precision: "fp32" })).toEqual(fp32);
    const bf16 = makeConfig({ model: "resnet", profile: "cpu", precision: "bf16" });
    expect(bf16.precision).toBe("bf16");
    expect(runName(bf16)).not.toBe(runName(fp32));
    expect(trainArguments(bf16)).toEqual(["--model", "resnet", "--precision", "bf16"]);
    expect(() => makeConfig({ model: "resnet", precision: "fp16" as never })).toThrow(/precision must be "bf16"/);
  });

  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "src/cli/train.ts", ...args], { encoding: "utf8" });

  it("npm run train -- --precision names the choices", () => {
    const r = cli("--model", "simple_model_1", "--precision", "fp16");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown precision 'fp16'; expected fp32 or bf16/);
  });

  it.skipIf(cpuBf16Flags().length > 0)(
    "npm run train -- --precision bf16 says in one line that this CPU lacks bf16",
    () => {
      const r = cli("--model", "simple_model_1", "--profile", "smoke", "--precision", "bf16", "--output-dir", tmpDir());
      expect(r.status).toBe(1);
      expect(r.stderr.trim()).toMatch(/^error: precision bf16 needs a CPU with bf16 arithmetic/);
    },
    60_000,
  );
});
