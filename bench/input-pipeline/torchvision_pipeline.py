"""The torchvision + PIL counterpart of InputPipelineBench's per-core rows, on the same image files.

For each augmentation_type, the usual torchvision training transforms doing the same work as Fovea's chain: decode
(PIL), resize the shorter side (JPEG rows), then centre crop (none) or random crop + horizontal flip (crop), plus a
colour jitter of hue, saturation and brightness (crop_color, like MXNet's HLS offsets 36/50/50), plus a random
affine warp of rotation ±10°, shear ±0.1 and scale ±25%, filled with 255 (crop_color_transform), then ToTensor and
the same normalisation. One thread; images per second of that thread's CPU time, best of 3 passes after a warm-up
pass, as the Java side measures.

Usage: python3 torchvision_pipeline.py <folder written by InputPipelineBench>   (prints data, type, rate as TSV)
"""
import io
import math
import pathlib
import random
import sys
import time

import torch
from PIL import Image
from torchvision import transforms as T

LEVELS = ["none", "crop", "crop_color", "crop_color_transform"]
NORMALISATION = {1: ([0.5], [0.5]), 3: ([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])}


def chain(level, channels, resize, crop):
    steps = [T.Resize(resize)] if resize else []
    if level == "none":
        steps.append(T.CenterCrop(crop))
    else:
        if level == "crop_color_transform":
            shear = math.degrees(math.atan(0.1))
            steps.append(T.RandomAffine(degrees=10, shear=(-shear, shear), scale=(0.75, 1.25), fill=255))
        steps.append(T.RandomCrop(crop))
        if level != "crop":
            steps.append(T.ColorJitter(brightness=50 / 255, saturation=50 / 255, hue=36 / 180))
        steps.append(T.RandomHorizontalFlip())
    mean, std = NORMALISATION[channels]
    steps += [T.ToTensor(), T.Normalize(mean, std)]
    return T.Compose(steps)


def per_core(images, channels, resize, crop, level, rounds):
    transform = chain(level, channels, resize, crop)
    mode = "L" if channels == 1 else "RGB"
    best = 0.0
    for round_ in range(rounds):
        random.seed(round_)
        torch.manual_seed(round_)
        start = time.thread_time()
        for encoded in images:
            transform(Image.open(io.BytesIO(encoded)).convert(mode))
        best = max(best, len(images) / (time.thread_time() - start))
    return best


def main():
    folder = pathlib.Path(sys.argv[1])
    torch.set_num_threads(1)
    mnist = [p.read_bytes() for p in sorted((folder / "mnist").glob("*.png"))]
    large = [p.read_bytes() for p in sorted((folder / "jpeg").glob("*.jpg"))]
    for level in LEVELS:  # warm-up, as the Java side does
        per_core(mnist, 1, 0, 28, level, 1)
        per_core(large[:50], 3, 256, 224, level, 1)
    for level in LEVELS:
        print(f"MNIST PNG 1x28x28\t{level}\t{per_core(mnist, 1, 0, 28, level, 3):.1f}")
    for level in LEVELS:
        print(f"JPEG 256x256 -> 3x224x224\t{level}\t{per_core(large, 3, 256, 224, level, 3):.1f}")


if __name__ == "__main__":
    main()
