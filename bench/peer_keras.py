"""Peer benchmark: the study's five architectures in tf.keras on the CPU.

Trains each model for a fixed number of steps on random data (batch 64, Adam, softmax
cross-entropy) and prints one JSON line per model: train img/s and trainable parameters.
Run by `npm run bench` from the project venv; standalone: python bench/peer_keras.py --steps 20
With --eager the training step runs op by op (no tf.function graph), as TensorFlow.js must:
the same TensorFlow kernels, without graph-mode fusion and inter-op scheduling.
"""
import argparse
import json
import os
import resource

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow.keras import layers  # noqa: E402

from peer_timing import WINDOWS, median_rate  # noqa: E402

BN = dict(momentum=0.995, epsilon=0.001, scale=False)

def conv_bn(x, filters, k, strides=1, padding="valid", relu=True):
    x = layers.Conv2D(filters, k, strides=strides, padding=padding, use_bias=False)(x)
    x = layers.BatchNormalization(**BN)(x)
    return layers.ReLU()(x) if relu else x

def head(x):
    x = layers.Flatten()(x)
    x = layers.Dropout(0.5)(x)
    x = layers.ReLU()(layers.BatchNormalization(**BN)(layers.Dense(128, use_bias=False)(x)))
    x = layers.Dropout(0.5)(x)
    return layers.BatchNormalization(**BN)(layers.Dense(10, use_bias=False)(x))

def inception_a(x, w):
    t1 = conv_bn(conv_bn(conv_bn(x, w, 1, padding="same"), w, 3, padding="same"), w, 3, padding="same")
    t2 = conv_bn(conv_bn(x, w, 1, padding="same"), w, 3, padding="same")
    t3 = conv_bn(layers.AveragePooling2D(3, 1, padding="same")(x), w, 3, padding="same")
    t4 = conv_bn(x, w, 1, padding="same")
    return layers.Concatenate()([t1, t2, t3, t4])

def reduction_a(x, w):
    t1 = conv_bn(conv_bn(conv_bn(x, w, 1, padding="same"), w, 3, padding="same"), w, 3, 2, "same")
    t2 = conv_bn(x, w, 3, 2, "same")
    t3 = layers.MaxPooling2D(3, 2, padding="same")(x)
    return layers.Concatenate()([t1, t2, t3])

# The study's blocks (src/models/blocks.ts), as the original's slim code builds them: every
# conv of the main path and of the shortcut is conv -> BN -> ReLU, and the sum has no ReLU after it.
def res_conv(x, f):
    m = conv_bn(conv_bn(conv_bn(x, f, 1, padding="same"), f, 3, padding="same"), f, 1, padding="same")
    return layers.Add()([m, conv_bn(x, f, 1, padding="same")])

def res_identity(x):
    f = x.shape[-1]
    m = conv_bn(conv_bn(conv_bn(x, f, 1, padding="same"), f, 3, padding="same"), f, 1, padding="same")
    return layers.Add()([x, m])

def inception_resnet(x, w):
    t1 = conv_bn(x, w, 1, padding="same")
    t2 = conv_bn(conv_bn(x, w, 1, padding="same"), w, 3, padding="same")
    t3 = conv_bn(conv_bn(conv_bn(x, w, 1, padding="same"), w, 3, padding="same"), w, 3, padding="same")
    mixed = layers.Conv2D(x.shape[-1], 1, padding="same")(layers.Concatenate()([t1, t2, t3]))
    return layers.Add()([x, mixed])

def features(name, x):
    if name == "simple_model_1":
        x = conv_bn(conv_bn(x, 8, 3), 16, 3)
        x = conv_bn(layers.MaxPooling2D(2, 2)(x), 32, 3)
        return conv_bn(layers.MaxPooling2D(2, 2)(x), 32, 2, padding="same")
    if name == "simple_model_2":
        for f, k in [(16, 7), (32, 7), (64, 7), (64, 5), (128, 3)]:
            x = conv_bn(x, f, k)
        return x
    if name == "inception":
        x = conv_bn(conv_bn(x, 16, 3), 16, 3)
        x = reduction_a(reduction_a(inception_a(x, 16), 32), 32)
        return conv_bn(x, 48, 1)
    if name == "resnet":
        x = conv_bn(conv_bn(x, 16, 3), 32, 3)
        x = res_identity(res_identity(res_conv(x, 64)))
        x = layers.MaxPooling2D(3, 2, padding="same")(x)
        x = res_identity(res_identity(res_conv(x, 128)))
        return layers.MaxPooling2D(3, 2, padding="same")(x)
    if name == "inception_resnet":
        x = conv_bn(conv_bn(x, 16, 3), 32, 3)
        x = reduction_a(inception_resnet(inception_resnet(x, 32), 32), 32)
        return reduction_a(inception_resnet(inception_resnet(x, 32), 32), 32)
    raise SystemExit(f"unknown model {name}")

def build(name):
    inp = tf.keras.Input((28, 28, 1))
    return tf.keras.Model(inp, head(features(name, inp)), name=name)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--eager", action="store_true", help="run the training step eagerly, op by op")
    ap.add_argument("models", nargs="*", default=["simple_model_1", "simple_model_2", "inception", "resnet", "inception_resnet"])
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    x = tf.constant(rng.random((64, 28, 28, 1), dtype=np.float32))
    y = tf.constant(rng.integers(0, 10, 64))
    for name in args.models:
        model = build(name)
        opt = tf.keras.optimizers.Adam(5e-4)
        loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)

        def step():
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True))
            grads = tape.gradient(loss, model.trainable_variables)
            opt.apply_gradients(zip(grads, model.trainable_variables))
            return loss

        if not args.eager:
            step = tf.function(step)
        for _ in range(args.warmup):
            step().numpy()
        train_rate = median_rate(lambda: step().numpy(), args.steps, 64)
        xe = tf.constant(rng.random((500, 28, 28, 1), dtype=np.float32))
        infer = tf.function(lambda a: model(a, training=False))
        infer(xe).numpy()
        eval_rate = median_rate(lambda: infer(xe).numpy(), WINDOWS, 500)
        params = int(sum(np.prod(v.shape) for v in model.trainable_variables))
        print(json.dumps({"framework": "tf.keras eager" if args.eager else "tf.keras", "version": tf.__version__, "model": name,
                          "train_img_per_s": train_rate, "eval_img_per_s": eval_rate, "params": params,
                          "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)

if __name__ == "__main__":
    main()
