/**
 * Max pooling through oneDNN on the native TensorFlow backend (see maxPoolOneDnn), tfjs' own
 * elsewhere. The layer keeps the class name and config of tfjs' MaxPooling2D, so saved models
 * load anywhere.
 */
import * as tf from "@tensorflow/tfjs";
import { maxPoolOneDnn } from "../runtime/native-ops.js";

type Padding = "valid" | "same" | "causal";
type DataFormat = "channelsFirst" | "channelsLast";
interface Pooling extends tf.layers.Layer {
  poolingFunction(
    inputs: tf.Tensor,
    poolSize: [number, number],
    strides: [number, number],
    padding: Padding,
    dataFormat: DataFormat,
  ): tf.Tensor;
}
type LayerCtor = new (args: object) => Pooling;
const BaseMaxPooling2D = Object.getPrototypeOf(tf.layers.maxPooling2d({ poolSize: 2 })).constructor as LayerCtor;

export class NativeMaxPooling2D extends BaseMaxPooling2D {
  override poolingFunction(
    inputs: tf.Tensor,
    poolSize: [number, number],
    strides: [number, number],
    padding: Padding,
    dataFormat: DataFormat,
  ): tf.Tensor {
    const square = poolSize[0] === poolSize[1] && strides[0] === strides[1];
    const native =
      square && padding !== "causal" && dataFormat === "channelsLast" && inputs.rank === 4
        ? maxPoolOneDnn(inputs as tf.Tensor4D, poolSize[0], strides[0], padding)
        : null;
    return native ?? super.poolingFunction(inputs, poolSize, strides, padding, dataFormat);
  }
}
