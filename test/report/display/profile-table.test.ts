import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compiledProfileTable, profileTable, type ProfileFile } from "../../../src/report/display/profile-table.js";
import { tmpDir } from "../../helpers/fixtures.js";

const profile: ProfileFile = {
  date: "2026-01-02T03:04:05Z",
  cpu: "Test CPU",
  cores: 2,
  tfjs: "4.22.0",
  steps: 10,
  opCostMicros: { binding: 7.94, tfjs: 17.2 },
  results: [
    {
      model: "resnet",
      wallMsPerStep: 400,
      profiledWallMsPerStep: 410,
      kernelsPerStep: 1076,
      kernelMsPerStep: 369,
      top: [
        { name: "Conv2DBackpropFilter", callsPerStep: 22, msPerStep: 100, share: 0.271 },
        { name: "Conv2D", callsPerStep: 22, msPerStep: 90, share: 0.244 },
        { name: "Conv2DBackpropInput", callsPerStep: 21, msPerStep: 85, share: 0.23 },
        { name: "Add", callsPerStep: 206, msPerStep: 8, share: 0.02 },
      ],
    },
  ],
};

describe("the profile table", () => {
  it("shows each model's step time, op count, share inside ops and hottest ops, naming its source", () => {
    const dir = tmpDir("fmnist-profile-");
    const path = join(dir, "profile.json");
    writeFileSync(path, JSON.stringify(profile));
    const text = profileTable(path)["text/plain"];
    expect(text).toContain("Conv2DBackpropFilter 27%, Conv2D 24%, Conv2DBackpropInput 23%");
    expect(text).not.toContain("Add 2%");
    expect(text).toMatch(/resnet +400 +1,076 +90\.00 /);
    expect(text).toContain("One tiny op (adding 8 floats) costs 7.9 µs through the binding and 17.2 µs through tfjs.");
    expect(text).toContain(`From ${path}`);
    expect(profileTable(join(dir, "none.json"))["text/plain"]).toContain("npm run bench:profile");
  });

  it("shows the compiled step beside the eager step's time; a profile from before it says it has none", () => {
    const dir = tmpDir("fmnist-profile-");
    const path = join(dir, "profile.json");
    writeFileSync(path, JSON.stringify(profile));
    expect(compiledProfileTable(path)["text/plain"]).toContain("has no profile of the compiled step");
    const compiled = {
      wallMsPerStep: 300,
      kernelsPerStep: 899,
      kernelMsPerStep: 500,
      top: [
        { name: "_MklNativeConv2DBackpropFilter", callsPerStep: 22, msPerStep: 190, share: 0.38 },
        { name: "_MklNativeConv2D", callsPerStep: 22, msPerStep: 80, share: 0.16 },
      ],
    };
    writeFileSync(path, JSON.stringify({ ...profile, results: [{ ...profile.results[0], compiled }] }));
    const text = compiledProfileTable(path)["text/plain"];
    expect(text).toMatch(/resnet +400 +300 +899 +_MklNativeConv2DBackpropFilter 38%, _MklNativeConv2D 16%/);
  });
});
