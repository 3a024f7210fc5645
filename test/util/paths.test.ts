import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { displayPath, projectRoot } from "../../src/util/paths.js";
import { tmpDir } from "../helpers/fixtures.js";

describe("paths", () => {
  it("finds the project root from a folder below it, and not from elsewhere", () => {
    const root = projectRoot();
    expect(projectRoot(join(root, "notebooks"))).toBe(root);
    const other = tmpDir("fmnist-paths-");
    mkdirSync(join(other, "sub"));
    writeFileSync(join(other, "package.json"), JSON.stringify({ name: "something-else" }));
    expect(projectRoot(join(other, "sub"))).toBe(join(other, "sub"));
  });

  it("shows paths inside the project relative to it, others absolute", () => {
    expect(displayPath(join(projectRoot(), "output_dir", "runs", "x"))).toBe("output_dir/runs/x");
    expect(displayPath("/tmp/elsewhere/x")).toBe("/tmp/elsewhere/x");
  });
});
