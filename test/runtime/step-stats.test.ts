import { describe, expect, it } from "vitest";
import { nodeTimes } from "../../src/runtime/step-stats.js";
import { initBackend } from "../../src/runtime/backend.js";
import { FloatOps, floatTensor, loadTfGraph, TfGraph } from "../../src/runtime/tf-graph.js";

await initBackend();
const native = loadTfGraph();

/** Protocol-buffer writer for the test's made-up messages. */
const varint = (n: number): number[] => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...varint(Math.floor(n / 128))]);
const bytesField = (field: number, bytes: number[]) => [...varint(field * 8 + 2), ...varint(bytes.length), ...bytes];
const intField = (field: number, n: number) => [...varint(field * 8), ...varint(n)];
const textField = (field: number, s: string) => bytesField(field, [...new TextEncoder().encode(s)]);

describe("step stats", () => {
  it("reads each node's name, kernel, start and time from a RunMetadata", () => {
    const node = (name: string, label: string, start: number, micros: number) =>
      bytesField(2, [
        ...textField(1, name),
        ...intField(2, start),
        ...intField(3, 1), // op_start_rel_micros: skipped
        ...intField(5, micros),
        ...textField(8, label),
      ]);
    const device = bytesField(1, [
      ...textField(1, "/job:localhost/replica:0/task:0/device:CPU:0"),
      ...node(
        "conv_1/Conv2D",
        "conv_1/Conv2D = _MklNativeConv2D(images, state/conv_1/kernel/read)",
        1_700_000_000_000_000,
        250,
      ),
      ...node("_SOURCE", "", 1_700_000_000_000_010, 3),
    ]);
    const metadata = Uint8Array.from(bytesField(1, device));
    expect(nodeTimes(metadata)).toEqual([
      { node: "conv_1/Conv2D", kernel: "_MklNativeConv2D", startMicros: 1_700_000_000_000_000, micros: 250 },
      { node: "_SOURCE", kernel: "_SOURCE", startMicros: 1_700_000_000_000_010, micros: 3 },
    ]);
  });

  it.skipIf(native === null)("comes back from a traced session run, naming the kernels that ran", () => {
    const g = new TfGraph(native!);
    const f = new FloatOps(g);
    const x = g.placeholder("x", [4]);
    const y = f.reduce("Sum", f.unary("Exp", x), [0]);
    const { outputs, metadata } = g.session().runTraced([[x, floatTensor([0, 0, 0, 0], [4])]], [y]);
    expect(outputs[0].data[0]).toBe(4);
    const kernels = nodeTimes(metadata).map((n) => n.kernel);
    expect(kernels).toContain("Exp");
    expect(kernels).toContain("Sum");
  });
});
