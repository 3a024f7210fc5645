import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { initBackend } from "../../src/runtime/backend.js";
import { buildForward } from "../../src/models/compiled-forward.js";
import { DT, floatTensor, FloatOps, loadTfGraph, sessionConfig, TfGraph } from "../../src/runtime/tf-graph.js";

await initBackend();
const native = loadTfGraph();

describe.skipIf(native === null)("TensorFlow graphs through the C API", () => {
  it("builds ops, adds TensorFlow's gradients and runs them: d/dx Σ w·x² = 2·w·x", () => {
    const g = new TfGraph(native!);
    const f = new FloatOps(g);
    const x = g.placeholder("x", [3]);
    const w = g.constant(floatTensor([1, -2, 0.5], [3]));
    const y = f.reduce("Sum", f.binary("Mul", w, f.unary("Square", x)), [0]);
    const [dx] = g.gradients([y], [x]);
    const session = g.session(sessionConfig(1, 1));
    const [value, grad] = session.run([[x, floatTensor([3, 1, 2], [3])]], [y, dx]);
    expect(value.shape).toEqual([]);
    expect(value.data[0]).toBe(9 - 2 + 2);
    expect(Array.from(grad.data)).toEqual([6, -4, 2]);
    session.close();
    expect(() => session.run([], [y])).toThrow("this TensorFlow session is closed");
  });

  it("turns TensorFlow's errors into one-line messages naming the op", () => {
    const g = new TfGraph(native!);
    expect(() => g.op("NoSuchOp", [])).toThrow(/NoSuchOp \(NoSuchOp\): Op type not registered 'NoSuchOp'/);
    expect(() => g.op("Neg", [{ op: "missing", index: 0 }], [["T", "type", DT.float32]])).toThrow(
      "tf_graph: no operation named 'missing' in the graph",
    );
    const x = g.placeholder("x", [2]);
    const session = g.session();
    expect(() => session.run([[x, floatTensor([1, 2, 3], [2])]], [x])).toThrow(
      "tf_graph: tensor data length does not match its shape",
    );
  });

  it("encodes the session's thread counts as a ConfigProto", () => {
    expect(Array.from(sessionConfig(2, 300))).toEqual([0x10, 2, 0x28, 0xac, 0x02]);
    expect(Array.from(sessionConfig(0, 0))).toEqual([]);
  });

  it("names the layer a compiled forward pass cannot build", () => {
    const input = tf.input({ shape: [4] });
    const model = tf.model({ inputs: input, outputs: tf.layers.softmax().apply(input) as tf.SymbolicTensor });
    const g = new TfGraph(native!);
    const read = () => {
      throw new Error("no weights");
    };
    expect(() => buildForward(g, model, g.placeholder("x", [-1, 4]), false, { read, dropoutMask: read })).toThrow(
      /compiled forward: no graph ops for layer class Softmax/,
    );
  });
});
