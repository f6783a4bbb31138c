"""PyTorch eager counterpart of a Fovea MNIST job: the same data, net and recipe, the same log lines.

Reads the MXNet RecordIO files Fovea trains on (PNG records), normalises like Fovea ((x/255 - 0.5) / 0.5), builds
ResNet-20 as Fovea does (torch_step.resnet: He et al. CIFAR family, zero-padding shortcuts, BatchNorm eps 2e-5) with
Fovea's initialisation (He normal, fan-in, on conv and dense weights; zero biases), and trains with SGD (momentum 0.9,
weight decay 1e-4 on every parameter), the learning rate multiplied by FACTOR at each epoch in STEPS. Each epoch it
shuffles, trains, then evaluates the validation set in inference mode and prints SageMaker's lines, as Fovea does:
  Epoch[k] Train-accuracy=F / Epoch[k] Time cost=F / Epoch[k] Validation-accuracy=F

Usage: python3 torch_mnist.py TRAIN.rec VALIDATION.rec EPOCHS BATCH LR STEPS FACTOR THREADS
  (STEPS: comma-separated 0-based epochs, e.g. "2")
"""
import io
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "training-throughput"))
from torch_step import resnet  # noqa: E402  the nets of the throughput benchmark, written once

RECORD_MAGIC = 0xCED7230A
IR_HEADER = struct.Struct("<IfQQ")


def read_recordio(path):
    """The images (N x 1 x 28 x 28 uint8) and labels of an MXNet image RecordIO file of whole (unsplit) records."""
    images, labels = [], []
    with open(path, "rb") as rec:
        data = rec.read()
    offset = 0
    while offset < len(data):
        magic, length_and_flag = struct.unpack_from("<II", data, offset)
        if magic != RECORD_MAGIC:
            sys.exit(f"{path}: no RecordIO magic at byte {offset}; not an MXNet RecordIO file")
        if length_and_flag >> 29:
            sys.exit(f"{path}: split record at byte {offset}; this reader handles whole records only")
        length = length_and_flag & ((1 << 29) - 1)
        payload = data[offset + 8:offset + 8 + length]
        flag, label, _, _ = IR_HEADER.unpack_from(payload)
        if flag != 0:
            sys.exit(f"{path}: multi-label record at byte {offset}; MNIST has one label per image")
        image = Image.open(io.BytesIO(payload[IR_HEADER.size:])).convert("L")
        images.append(np.asarray(image, dtype=np.uint8))
        labels.append(int(label))
        offset += 8 + ((length + 3) & ~3)
    return torch.from_numpy(np.stack(images)).unsqueeze(1), torch.tensor(labels)


def normalise(images):
    return (images.float() / 255 - 0.5) / 0.5


def he_initialised(net):
    for module in net.modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(module.weight, mode="fan_in", nonlinearity="relu")
            if module.bias is not None:
                nn.init.zeros_(module.bias)
    return net


def accuracy(net, images, labels, batch):
    net.eval()
    correct = 0
    with torch.no_grad():
        for start in range(0, len(labels), batch):
            outputs = net(normalise(images[start:start + batch]))
            correct += (outputs.argmax(1) == labels[start:start + batch]).sum().item()
    return correct / len(labels)


def train_epoch(net, optimizer, images, labels, batch):
    net.train()
    order = torch.randperm(len(labels))
    correct = 0
    for start in range(0, len(labels), batch):
        chosen = order[start:start + batch]
        outputs = net(normalise(images[chosen]))
        loss = F.cross_entropy(outputs, labels[chosen])
        optimizer.zero_grad(set_to_none=False)
        loss.backward()
        optimizer.step()
        correct += (outputs.argmax(1) == labels[chosen]).sum().item()
    return correct / len(labels)


def main():
    if len(sys.argv) != 9:
        sys.exit(__doc__)
    train_rec, validation_rec = sys.argv[1:3]
    epochs, batch = int(sys.argv[3]), int(sys.argv[4])
    lr, steps, factor, threads = float(sys.argv[5]), sys.argv[6], float(sys.argv[7]), int(sys.argv[8])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    train_images, train_labels = read_recordio(train_rec)
    validation_images, validation_labels = read_recordio(validation_rec)
    print(f"PyTorch {torch.__version__}, {threads} threads, {len(train_labels)} training and "
          f"{len(validation_labels)} validation images", flush=True)

    net = he_initialised(resnet(20, 1, 10))
    optimizer = torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9, weight_decay=1e-4)
    milestones = [int(epoch) for epoch in steps.split(",") if epoch.strip()]
    schedule = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones, gamma=factor)
    for epoch in range(epochs):
        start = time.perf_counter()
        train_accuracy = train_epoch(net, optimizer, train_images, train_labels, batch)
        time_cost = time.perf_counter() - start
        schedule.step()
        validation_accuracy = accuracy(net, validation_images, validation_labels, batch)
        print(f"Epoch[{epoch}] Train-accuracy={train_accuracy:.6f}", flush=True)
        print(f"Epoch[{epoch}] Time cost={time_cost:.3f}", flush=True)
        print(f"Epoch[{epoch}] Validation-accuracy={validation_accuracy:.6f}", flush=True)


if __name__ == "__main__":
    main()
