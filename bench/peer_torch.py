"""Peer benchmark: the study's five architectures in PyTorch on the CPU.

Same protocol as peer_keras.py: batch 64, Adam, softmax cross-entropy, random data; one JSON
line per model with train img/s and trainable parameters. Batch norm keeps gamma fixed at 1
(affine weight frozen), convs have no bias, as in the study.
"""
import argparse
import json
import resource

import torch
from torch import nn

from peer_timing import WINDOWS, median_rate

BN = dict(momentum=0.005, eps=0.001)  # PyTorch momentum = 1 - Keras momentum

def bn(c):
    layer = nn.BatchNorm2d(c, **BN)
    layer.weight.requires_grad_(False)
    return layer

class ConvBn(nn.Sequential):
    def __init__(self, cin, cout, k, stride=1, padding=0, relu=True):
        layers = [nn.Conv2d(cin, cout, k, stride=stride, padding=padding, bias=False), bn(cout)]
        if relu:
            layers.append(nn.ReLU())
        super().__init__(*layers)

def same(k):
    return k // 2

class Head(nn.Module):
    def __init__(self, features):
        super().__init__()
        b1 = nn.BatchNorm1d(128, **BN)
        b2 = nn.BatchNorm1d(10, **BN)
        b1.weight.requires_grad_(False)
        b2.weight.requires_grad_(False)
        self.net = nn.Sequential(nn.Flatten(), nn.Dropout(0.5), nn.Linear(features, 128, bias=False), b1, nn.ReLU(),
                                 nn.Dropout(0.5), nn.Linear(128, 10, bias=False), b2)

    def forward(self, x):
        return self.net(x)

class InceptionA(nn.Module):
    def __init__(self, cin, w):
        super().__init__()
        self.t1 = nn.Sequential(ConvBn(cin, w, 1), ConvBn(w, w, 3, padding=1), ConvBn(w, w, 3, padding=1))
        self.t2 = nn.Sequential(ConvBn(cin, w, 1), ConvBn(w, w, 3, padding=1))
        self.t3 = nn.Sequential(nn.AvgPool2d(3, 1, 1, count_include_pad=False), ConvBn(cin, w, 3, padding=1))
        self.t4 = ConvBn(cin, w, 1)

    def forward(self, x):
        return torch.cat([self.t1(x), self.t2(x), self.t3(x), self.t4(x)], 1)

class ReductionA(nn.Module):
    def __init__(self, cin, w):
        super().__init__()
        self.t1 = nn.Sequential(ConvBn(cin, w, 1), ConvBn(w, w, 3, padding=1), ConvBn(w, w, 3, stride=2, padding=1))
        self.t2 = ConvBn(cin, w, 3, stride=2, padding=1)
        self.t3 = nn.MaxPool2d(3, 2, 1)

    def forward(self, x):
        return torch.cat([self.t1(x), self.t2(x), self.t3(x)], 1)

class ResBlock(nn.Module):
    """The study's block (src/models/blocks.ts): every conv conv -> BN -> ReLU, no ReLU after the sum."""

    def __init__(self, cin, f, projection):
        super().__init__()
        self.main = nn.Sequential(ConvBn(cin, f, 1), ConvBn(f, f, 3, padding=1), ConvBn(f, f, 1))
        self.short = ConvBn(cin, f, 1) if projection else nn.Identity()

    def forward(self, x):
        return self.main(x) + self.short(x)

class InceptionResnet(nn.Module):
    def __init__(self, cin, w):
        super().__init__()
        self.t1 = ConvBn(cin, w, 1)
        self.t2 = nn.Sequential(ConvBn(cin, w, 1), ConvBn(w, w, 3, padding=1))
        self.t3 = nn.Sequential(ConvBn(cin, w, 1), ConvBn(w, w, 3, padding=1), ConvBn(w, w, 3, padding=1))
        self.mix = nn.Conv2d(3 * w, cin, 1)

    def forward(self, x):
        return x + self.mix(torch.cat([self.t1(x), self.t2(x), self.t3(x)], 1))

def build(name):
    if name == "simple_model_1":
        f = nn.Sequential(ConvBn(1, 8, 3), ConvBn(8, 16, 3), nn.MaxPool2d(2, 2), ConvBn(16, 32, 3), nn.MaxPool2d(2, 2),
                          nn.ZeroPad2d((0, 1, 0, 1)), ConvBn(32, 32, 2))
        return nn.Sequential(f, Head(5 * 5 * 32))
    if name == "simple_model_2":
        f = nn.Sequential(ConvBn(1, 16, 7), ConvBn(16, 32, 7), ConvBn(32, 64, 7), ConvBn(64, 64, 5), ConvBn(64, 128, 3))
        return nn.Sequential(f, Head(4 * 4 * 128))
    if name == "inception":
        f = nn.Sequential(ConvBn(1, 16, 3), ConvBn(16, 16, 3), InceptionA(16, 16), ReductionA(64, 32), ReductionA(128, 32), ConvBn(192, 48, 1))
        return nn.Sequential(f, Head(6 * 6 * 48))
    if name == "resnet":
        f = nn.Sequential(ConvBn(1, 16, 3), ConvBn(16, 32, 3), ResBlock(32, 64, True), ResBlock(64, 64, False), ResBlock(64, 64, False),
                          nn.MaxPool2d(3, 2, 1), ResBlock(64, 128, True), ResBlock(128, 128, False), ResBlock(128, 128, False), nn.MaxPool2d(3, 2, 1))
        return nn.Sequential(f, Head(6 * 6 * 128))
    if name == "inception_resnet":
        f = nn.Sequential(ConvBn(1, 16, 3), ConvBn(16, 32, 3), InceptionResnet(32, 32), InceptionResnet(32, 32), ReductionA(32, 32),
                          InceptionResnet(96, 32), InceptionResnet(96, 32), ReductionA(96, 32))
        return nn.Sequential(f, Head(6 * 6 * 160))
    raise SystemExit(f"unknown model {name}")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("models", nargs="*", default=["simple_model_1", "simple_model_2", "inception", "resnet", "inception_resnet"])
    args = ap.parse_args()
    torch.manual_seed(0)
    x = torch.rand(64, 1, 28, 28)
    y = torch.randint(0, 10, (64,))
    for name in args.models:
        model = build(name).train()
        params = [p for p in model.parameters() if p.requires_grad]
        opt = torch.optim.Adam(params, lr=5e-4)
        loss_fn = nn.CrossEntropyLoss()

        def step():
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            return loss.item()

        for _ in range(args.warmup):
            step()
        train_rate = median_rate(step, args.steps, 64)
        model.eval()
        xe = torch.rand(500, 1, 28, 28)
        with torch.no_grad():
            model(xe)
            eval_rate = median_rate(lambda: model(xe), WINDOWS, 500)
        print(json.dumps({"framework": "pytorch", "version": torch.__version__, "threads": torch.get_num_threads(), "model": name,
                          "train_img_per_s": train_rate, "eval_img_per_s": eval_rate, "params": sum(p.numel() for p in params),
                          "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)

if __name__ == "__main__":
    main()
