/** Prints, as JSON, the largest difference between the wasm and cpu filter gradients per case. */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/runtime/backend.js";

await initBackend("wasm");
const cases: [pad: "same" | "valid", stride: number, kernel: number, size: number][] = [
  ["valid", 1, 3, 9],
  ["same", 1, 3, 9],
  ["same", 2, 3, 9],
  ["same", 2, 3, 8],
  ["same", 1, 1, 8],
  ["same", 1, 2, 8],
];
const filterGrad = (x: tf.Tensor4D, dy: tf.Tensor, pad: "same" | "valid", s: number, k: number) =>
  tf
    .grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, f as tf.Tensor4D, s, pad), dy)))(tf.zeros([k, k, 3, 5]))
    .dataSync()
    .slice();
const results = [];
for (const [pad, s, k, n] of cases) {
  const x = tf.randomNormal([4, n, n, 3], 0, 1, "float32", 1) as tf.Tensor4D;
  const out = tf.conv2d(x, tf.zeros([k, k, 3, 5]) as tf.Tensor4D, s, pad).shape;
  const dy = tf.randomNormal(out, 0, 1, "float32", 2);
  const onWasm = filterGrad(x, dy, pad, s, k);
  const xv = x.dataSync().slice();
  const dyv = dy.dataSync().slice();
  await tf.setBackend("cpu");
  const onCpu = filterGrad(tf.tensor4d(xv, x.shape), tf.tensor(dyv, dy.shape), pad, s, k);
  await tf.setBackend("wasm");
  results.push({
    case: `${pad} stride ${s} kernel ${k} size ${n}`,
    maxDiff: Math.max(...Array.from(onCpu, (v, i) => Math.abs(v - onWasm[i]))),
  });
}
console.log(JSON.stringify(results));
