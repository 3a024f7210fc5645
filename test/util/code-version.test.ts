import { execFileSync } from "node:child_process";
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { codeVersion, readCodeVersion } from "../../src/util/code-version.js";
import { tmpDir } from "../helpers/fixtures.js";

describe("codeVersion", () => {
  it("names this checkout's commit", () => {
    const head = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
    expect(codeVersion()?.commit).toBe(head);
  });

  it("says whether src/ has uncommitted changes, and is null outside a git checkout", () => {
    const dir = tmpDir("fmnist-code-");
    expect(readCodeVersion(dir)).toBeNull();
    const git = (...args: string[]) =>
      execFileSync("git", ["-C", dir, "-c", "user.email=t@t", "-c", "user.name=t", ...args]);
    git("init", "-q");
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "src", "a.ts"), "1");
    git("add", ".");
    git("commit", "-qm", "a");
    expect(readCodeVersion(dir)).toMatchObject({ modified: false });
    expect(readCodeVersion(dir)!.commit).toMatch(/^[0-9a-f]{40}$/);
    writeFileSync(join(dir, "src", "a.ts"), "2");
    expect(readCodeVersion(dir)!.modified).toBe(true);
  });
});
