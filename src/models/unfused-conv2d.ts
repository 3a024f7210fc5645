/**
 * tfjs-layers' Conv2D, but for the study's convs (no bias, linear) through tf.conv2d rather than
 * tf.fused.conv2d. The fused op's gradient always computes both the input's and the filter's
 * gradient; tf.conv2d's registered gradient computes only those the tape needs, so the first
 * layer no longer computes the gradient of the image (3–6 ms a step, measured beside a
 * training run). Same TensorFlow kernels, same numbers. The class name and config stay
 * Conv2D's, so saved models load anywhere.
 */
import * as tf from "@tensorflow/tfjs";

interface ConvFields {
  rank: number;
  bias: tf.LayerVariable | null;
  activation: { getClassName(): string };
  kernel: tf.LayerVariable;
  strides: [number, number];
  padding: string;
  dataFormat: string;
  dilationRate: [number, number];
}
type LayerCtor = new (args: object) => tf.layers.Layer;
const BaseConv2D = Object.getPrototypeOf(tf.layers.conv2d({ filters: 1, kernelSize: 1 })).constructor as LayerCtor;

export class UnfusedConv2D extends BaseConv2D {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: object): tf.Tensor | tf.Tensor[] {
    const c = this as unknown as ConvFields;
    const plain =
      c.rank === 2 &&
      c.bias == null &&
      c.dataFormat === "channelsLast" &&
      c.activation.getClassName() === "linear" &&
      (c.padding === "valid" || c.padding === "same");
    if (!plain) return super.call(inputs, kwargs);
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.tidy(() =>
      tf.conv2d(x, c.kernel.read() as tf.Tensor4D, c.strides, c.padding as "valid" | "same", "NHWC", c.dilationRate),
    );
  }
}
