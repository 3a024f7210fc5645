#!/usr/bin/env python3
"""Extracts the original study's TensorBoard curves into one small JSON file, with provenance.

The original repository (markoboci/fashion_mnist_classifier) carries TensorBoard event files for
simple_model_1, simple_model_2 and inception (its `inception_v3` run): every 500 steps, dev
accuracy overall and per class (validation/), and training accuracy, loss and learning rate
(train/). This reads them with no dependency (TFRecord framing, a minimal protobuf reader) and
writes output_dir/original/curves.json. Accuracies are written as fractions in [0, 1].

Usage: extract_curves.py ORIGINAL_CHECKOUT COMMIT OUT.json
  ORIGINAL_CHECKOUT  a folder holding the original's output_dir/ (a checkout of COMMIT)
"""
import glob
import json
import os
import struct
import sys

RUNS = {  # our model name -> the original's run folder
    "simple_model_1": "simple_model_1_090919_130250",
    "simple_model_2": "simple_model_2_090919_133729",
    "inception": "inception_v3_090919_141749",
}
REPOSITORY = "markoboci/fashion_mnist_classifier"


def varint(buf, pos):
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def fields(buf):
    """Yields (field number, wire type, value) of one protobuf message."""
    pos = 0
    while pos < len(buf):
        key, pos = varint(buf, pos)
        num, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            n, pos = varint(buf, pos)
            value, pos = buf[pos:pos + n], pos + n
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield num, wire, value


def records(path):
    """TFRecord framing: uint64 length, uint32 crc, data, uint32 crc."""
    with open(path, "rb") as f:
        data = f.read()
    pos = 0
    while pos + 12 <= len(data):
        (n,) = struct.unpack_from("<Q", data, pos)
        yield data[pos + 12:pos + 12 + n]
        pos += 12 + n + 4


def scalars(path):
    """{step: {tag: value}} of an event file (Event.step = 2, Event.summary = 5)."""
    out = {}
    for rec in records(path):
        step, summary = None, None
        for num, _, value in fields(rec):
            if num == 2:
                step = value
            elif num == 5:
                summary = value
        if summary is None:
            continue
        for num, _, value in fields(summary):
            if num != 1:
                continue
            tag, simple = None, None
            for vnum, _, v in fields(value):
                if vnum == 1:
                    tag = v.decode()
                elif vnum == 2:
                    (simple,) = struct.unpack("<f", v)
            if tag is not None and simple is not None:
                out.setdefault(step, {})[tag] = simple
    return out


def main(checkout, commit, out_path):
    result = {
        "source": {"repository": REPOSITORY, "commit": commit, "files": []},
        "note": "The original's TensorBoard logs, every 500 steps. dev: accuracy on its 4,000-image dev set (inference mode). "
        "train: accuracy in inference mode on every 4th training batch after its update, pooled over 500 steps; loss of the step's batch; learning rate.",
        "runs": {},
    }
    for model, folder in RUNS.items():
        run = {"originalRun": folder, "dev": [], "train": []}
        for kind in ("validation", "train"):
            (path,) = glob.glob(os.path.join(checkout, "output_dir", folder, kind, "events.out.tfevents.*"))
            result["source"]["files"].append(os.path.relpath(path, checkout))
            for step, tags in sorted(scalars(path).items()):
                acc = round(tags["accuracy"] / 100, 6)
                per_class = [round(tags[f"accuracy_per_class/class_{c}"] / 100, 6) for c in range(10)]
                if kind == "validation":
                    run["dev"].append({"step": step, "accuracy": acc, "perClass": per_class})
                else:
                    run["train"].append({"step": step, "accuracy": acc, "loss": round(tags["loss"], 6), "learningRate": float(f"{tags['learning_rate']:.7g}")})
        result["runs"][model] = run
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    tmp = out_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(result, f, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, out_path)
    for model, run in result["runs"].items():
        print(f"{model}: {len(run['dev'])} dev points to step {run['dev'][-1]['step']}, {len(run['train'])} train points")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
