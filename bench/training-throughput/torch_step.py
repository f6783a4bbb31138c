"""One PyTorch eager training-step benchmark run, the counterpart of TrainingThroughput.java.

The same nets as Fovea's ResNets (He et al. 2015: CIFAR family with zero-padding shortcuts,
ImageNet family with projection shortcuts, stride on the 3x3 convolution), the same SGD recipe
(momentum 0.9, weight decay 1e-4), a fixed random batch, the loss read back every step.
Prints: torch depth channels size batch parameters images_per_second peak_rss_mib (tab-separated).

Usage: python3 torch_step.py depth channels size batch warmup steps threads [profile.json]
LAYOUT=channels_last in the environment feeds the batch in channels-last memory format (the default is
PyTorch's N×C×H×W, what a plain script uses). With a profile path, the timed steps run under the autograd profiler, which writes a chrome trace
there for compare_profiles.py.
"""
import contextlib
import os
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

IMAGENET = {18: (False, [2, 2, 2, 2]), 34: (False, [3, 4, 6, 3]), 50: (True, [3, 4, 6, 3]),
            101: (True, [3, 4, 23, 3]), 152: (True, [3, 8, 36, 3]), 200: (True, [3, 24, 36, 3])}


def bn(channels):
    return nn.BatchNorm2d(channels, eps=2e-5, momentum=0.1)


def conv(cin, cout, kernel, stride=1):
    return nn.Conv2d(cin, cout, kernel, stride, kernel // 2, bias=False)


class Unit(nn.Module):
    def __init__(self, cin, width, stride, bottleneck, zero_pad_shortcut):
        super().__init__()
        cout = 4 * width if bottleneck else width
        if bottleneck:
            self.residual = nn.Sequential(conv(cin, width, 1), bn(width), nn.ReLU(inplace=True),
                                          conv(width, width, 3, stride), bn(width), nn.ReLU(inplace=True),
                                          conv(width, cout, 1), bn(cout))
        else:
            self.residual = nn.Sequential(conv(cin, width, 3, stride), bn(width), nn.ReLU(inplace=True),
                                          conv(width, width, 3), bn(width))
        self.zero_pad = zero_pad_shortcut and (stride != 1 or cin != cout)
        self.project = None
        if not zero_pad_shortcut and (stride != 1 or cin != cout):
            self.project = nn.Sequential(conv(cin, cout, 1, stride), bn(cout))

    def forward(self, x):
        if self.zero_pad:
            sub = x[:, :, ::2, ::2]
            shortcut = torch.cat([sub, torch.zeros_like(sub)], 1)
        elif self.project is not None:
            shortcut = self.project(x)
        else:
            shortcut = x
        return F.relu(self.residual(x) + shortcut)


def resnet(depth, channels, classes):
    layers = []
    if depth in IMAGENET:
        bottleneck, units = IMAGENET[depth]
        widths, zero_pad = [64, 128, 256, 512], False
        layers += [conv(channels, 64, 7, 2), bn(64), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, 1)]
    else:
        n = (depth - 2) // 6
        bottleneck, units, widths, zero_pad = False, [n, n, n], [16, 32, 64], True
        layers += [conv(channels, 16, 3), bn(16), nn.ReLU(inplace=True)]
    cin = widths[0]
    for stage, (count, width) in enumerate(zip(units, widths)):
        for unit in range(count):
            stride = 2 if unit == 0 and stage > 0 else 1
            layers.append(Unit(cin, width, stride, bottleneck, zero_pad))
            cin = 4 * width if bottleneck else width
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes)]
    return nn.Sequential(*layers)


def peak_rss_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    depth, channels, size, batch, warmup, steps, threads = map(int, sys.argv[1:8])
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    classes = 1000 if depth in IMAGENET else 10
    net = resnet(depth, channels, classes).train()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    images = torch.randn(batch, channels, size, size)
    if os.environ.get("LAYOUT") == "channels_last":
        images = images.contiguous(memory_format=torch.channels_last)
    labels = torch.randint(0, classes, (batch,))

    def step():
        optimizer.zero_grad(set_to_none=False)
        loss = F.cross_entropy(net(images), labels)
        loss.backward()
        optimizer.step()
        loss.item()

    for _ in range(warmup):
        step()
    profile = sys.argv[8] if len(sys.argv) > 8 else None
    profiler = torch.autograd.profiler.profile() if profile else contextlib.nullcontext()
    with profiler:
        start = time.perf_counter()
        for _ in range(steps):
            step()
        seconds = time.perf_counter() - start
    if profile:
        profiler.export_chrome_trace(profile)
    parameters = sum(p.numel() for p in net.parameters())
    print(f"torch\t{depth}\t{channels}\t{size}\t{batch}\t{parameters}\t{batch * steps / seconds:.2f}\t{peak_rss_mib():.0f}")


if __name__ == "__main__":
    main()
