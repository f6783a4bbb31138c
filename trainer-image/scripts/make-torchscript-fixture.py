#!/usr/bin/env python3
"""Writes the TorchScript fixture of the usePretrainedModel tests (trainer-image/src/test/resources/pretrained/).

A CIFAR-family ResNet-20 (He et al. 2015, section 4.2) for 1x28x28 images and 10 classes, written in plain torch
with torchvision's parameter names (conv1, bn1, layerK.N.conv1/bn1/conv2/bn2, fc), so that the test proves the
name mapping Fovea uses for torchvision's ImageNet ResNets too. The option-A shortcut subsamples by 2 and appends
the zero channels after the input's, as Fovea's CIFAR family does.

The batch-norm layers get random affine parameters and running statistics from a few training-mode passes, so a
swapped gamma/beta or a missed running_mean/running_var cannot go unnoticed. Beside the model, expected.json holds
a fixed input (2 images) and the model's eval-mode penultimate features (global-average-pooled, before fc) and
logits for it.

A second, small fixture exercises what a torch.save(state_dict) file may hold: resnet20-rgb-state-dict-half.pt is
the state dict of a ResNet-20 for 3-channel images whose tensors are float16 views into one shared storage, at
varying offsets, one of them non-contiguous (a permuted view). Its values are arbitrary (80 KB instead of 550 KB);
resnet20-rgb-state-dict-half-expected.json holds what a few of Fovea's parameters must hold after loading it into a
network for 1-channel images: the first convolution summed over the colour channels, a running variance with the
BatchNorm epsilon difference moved into it, the permuted tensor in row-major order of its shape
(each tensor's shape and its first 256 values).

A third, tiny one is a whole pickled module (torch.save(net), not its state dict): tiny-module.pt, a stem and one
basic unit with 2 channels, whose last running_var is [0.5, 2.0].

torchvision-state-dict-shapes.json lists the name and shape of every tensor in the state dicts of torchvision's
resnet18 and resnet50 (the real torchvision's), so that the name mapping of the ImageNet family is checked without
shipping their 45 and 100 MB of weights.

Run with Debian's python3-torch and python3-torchvision (1.13.1 and 0.14.1):
    /usr/bin/python3 trainer-image/scripts/make-torchscript-fixture.py trainer-image/src/test/resources/pretrained
"""
import json
import sys
from collections import OrderedDict
from pathlib import Path

import torch
from torch import nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, in_channels: int, channels: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, channels, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)
        self.pad_shortcut = stride != 1 or in_channels != channels

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        shortcut = x
        if self.pad_shortcut:
            subsampled = x[:, :, ::2, ::2]
            shortcut = torch.cat([subsampled, torch.zeros_like(subsampled)], 1)
        return F.relu(out + shortcut)


class CifarResNet(nn.Module):
    def __init__(self, units_per_stage: int, in_channels: int, num_classes: int):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.layer1 = self._stage(16, 16, units_per_stage, 1)
        self.layer2 = self._stage(16, 32, units_per_stage, 2)
        self.layer3 = self._stage(32, 64, units_per_stage, 2)
        self.fc = nn.Linear(64, num_classes)

    @staticmethod
    def _stage(in_channels: int, channels: int, units: int, stride: int) -> nn.Sequential:
        blocks = [BasicBlock(in_channels, channels, stride)]
        blocks += [BasicBlock(channels, channels, 1) for _ in range(units - 1)]
        return nn.Sequential(*blocks)

    def features(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)

    def forward(self, x):
        return self.fc(self.features(x))


def main(out: Path) -> None:
    torch.manual_seed(20)
    net = CifarResNet(units_per_stage=3, in_channels=1, num_classes=10)
    with torch.no_grad():
        for module in net.modules():
            if isinstance(module, nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.normal_(0.0, 0.1)
    net.train()
    with torch.no_grad():
        for step in range(8):
            net(torch.randn(16, 1, 28, 28) * 0.8 + 0.3)
    net.eval()

    inputs = torch.randn(2, 1, 28, 28)
    with torch.no_grad():
        features = net.features(inputs)
        logits = net.fc(features)
    torch.jit.script(net).save(str(out / "resnet20-cifar.pt"))
    expected = {
        "model": "resnet20-cifar.pt",
        "inputShape": list(inputs.shape),
        "input": inputs.flatten().tolist(),
        "features": features.tolist(),
        "logits": logits.tolist(),
    }
    (out / "resnet20-cifar-expected.json").write_text(json.dumps(expected) + "\n")


FOVEA_BATCH_NORM_EPSILON = 2e-5
PYTORCH_BATCH_NORM_EPSILON = 1e-5
PERMUTED = "layer3.2.conv2.weight"


def write_state_dict_fixture(out: Path) -> None:
    torch.manual_seed(3)
    state = CifarResNet(units_per_stage=3, in_channels=3, num_classes=10).state_dict()
    shared = (torch.rand(40000) * 0.9 + 0.1).half()  # positive, so that running_var stays a variance
    views = OrderedDict()
    views._metadata = state._metadata
    for index, (name, tensor) in enumerate(state.items()):
        if name.endswith("num_batches_tracked"):
            views[name] = tensor
            continue
        start = (index * 1237) % (shared.numel() - tensor.numel())
        window = shared[start:start + tensor.numel()]
        if name == PERMUTED:
            out_channels, in_channels, height, width = tensor.shape
            views[name] = window.view(height, width, in_channels, out_channels).permute(3, 2, 0, 1)
        else:
            views[name] = window.view(tensor.shape)
    assert not views[PERMUTED].is_contiguous()
    torch.save(views, str(out / "resnet20-rgb-state-dict-half.pt"))

    shift = PYTORCH_BATCH_NORM_EPSILON - FOVEA_BATCH_NORM_EPSILON
    fovea = {
        "conv1.weight": views["conv1.weight"].float().sum(1, keepdim=True),
        "layer2.1.bn1.running_var": (views["layer2.1.bn1.running_var"].float() + shift).clamp(min=0),
        "layer2.1.bn1.running_mean": views["layer2.1.bn1.running_mean"].float(),
        "layer2.0.bn2.weight": views["layer2.0.bn2.weight"].float(),
        PERMUTED: views[PERMUTED].float(),
    }
    # The leading values in row-major order are enough to catch a wrong stride or offset; all would be 150 KB.
    expected = {name: {"shape": list(value.shape), "leading": value.flatten()[:256].tolist()}
                for name, value in fovea.items()}
    (out / "resnet20-rgb-state-dict-half-expected.json").write_text(json.dumps(expected) + "\n")


class TinyModule(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 2, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(2)
        self.layer1 = nn.Sequential(BasicBlock(2, 2, 1))


def write_whole_module_fixture(out: Path) -> None:
    torch.manual_seed(1)
    net = TinyModule()
    net.layer1[0].bn2.running_var.copy_(torch.tensor([0.5, 2.0]))
    torch.save(net, str(out / "tiny-module.pt"))


def write_torchvision_names(out: Path) -> None:
    import torchvision

    shapes = {}
    for name in ("resnet18", "resnet50"):
        state = getattr(torchvision.models, name)(weights=None).state_dict()
        shapes[name] = {key: list(tensor.shape) for key, tensor in state.items()}
    (out / "torchvision-state-dict-shapes.json").write_text(json.dumps(shapes) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
    write_state_dict_fixture(Path(sys.argv[1]))
    write_whole_module_fixture(Path(sys.argv[1]))
    write_torchvision_names(Path(sys.argv[1]))
