import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../src/backend.js";
import { buildModel } from "../src/models/architectures.js";
import { crossEntropy } from "../src/losses.js";
import { MODEL_NAMES } from "../src/config.js";
const info = await initBackend();
console.log(info.name);
const names = process.argv.slice(2).length ? process.argv.slice(2) : MODEL_NAMES;
for (const name of names) {
  const model = buildModel(name);
  const opt = tf.train.adam(5e-4);
  const x = tf.randomUniform([64, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([64], 0, 10, "int32") as tf.Tensor1D, 10) as tf.Tensor2D;
  const step = () => { const l = opt.minimize(() => crossEntropy(y, model.apply(x, { training: true }) as tf.Tensor2D), true)!; l.dataSync(); l.dispose(); };
  for (let i = 0; i < 3; i++) step();
  const n = 20; const t = performance.now();
  for (let i = 0; i < n; i++) step();
  const s = (performance.now() - t) / 1000;
  console.log(name, "train img/s", ((n * 64) / s).toFixed(0));
}
