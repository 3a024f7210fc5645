import { describe, expect, it } from "vitest";
import { describeConfig, makeConfig } from "../../src/experiments/config.js";

describe("describeConfig", () => {
  it("says what each run is in words", () => {
    expect(describeConfig(makeConfig({ model: "resnet", loss: "focal", split: "final", profile: "cpu" }))).toBe(
      "resnet, focal, p = 0.3, final split, 20,000 steps",
    );
    expect(describeConfig(makeConfig({ model: "resnet", augmentOps: ["flip"], seed: 2, profile: "cpu" }))).toBe(
      "resnet, cross_entropy, p = 0.3 (flip only), seed 2, 3,000 steps",
    );
  });
});
