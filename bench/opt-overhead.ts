import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../src/backend.js";
import { buildModel } from "../src/models/architectures.js";
import { crossEntropy } from "../src/losses.js";
await initBackend();
const model = buildModel(process.argv[2] ?? "resnet");
const x = tf.randomUniform([64, 28, 28, 1]);
const y = tf.oneHot(tf.randomUniform([64], 0, 10, "int32") as tf.Tensor1D, 10) as tf.Tensor2D;
for (const [name, opt] of [["adam", tf.train.adam(5e-4)], ["sgd", tf.train.sgd(1e-3)]] as const) {
  const step = () => { const l = opt.minimize(() => crossEntropy(y, model.apply(x, { training: true }) as tf.Tensor2D), true)!; l.dataSync(); l.dispose(); };
  for (let i = 0; i < 3; i++) step();
  let t = performance.now(); for (let i = 0; i < 10; i++) step();
  console.log(name, ((performance.now() - t) / 10).toFixed(1), "ms/step");
}
let t = performance.now();
for (let i = 0; i < 10; i++) tf.tidy(() => { (model.apply(x, { training: true }) as tf.Tensor).dataSync(); });
console.log("forward(train) ms", ((performance.now() - t) / 10).toFixed(1));
t = performance.now();
for (let i = 0; i < 10; i++) tf.tidy(() => { const g = tf.variableGrads(() => crossEntropy(y, model.apply(x, { training: true }) as tf.Tensor2D)); Object.values(g.grads)[0].dataSync(); });
console.log("forward+backward ms", ((performance.now() - t) / 10).toFixed(1));
