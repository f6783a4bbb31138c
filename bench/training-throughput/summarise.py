"""Summarises the interleaved runs of run.sh: one row per net, the median of each side's runs."""
import statistics
import sys
from collections import defaultdict

runs = defaultdict(lambda: defaultdict(list))
for line in open(sys.argv[1]):
    side, depth, channels, size, batch, parameters, images_per_second, rss = line.split("\t")
    key = (int(depth), int(channels), int(size), int(batch))
    runs[key][side].append((float(images_per_second), float(rss), int(parameters)))

header = ("net", "input", "batch", "params (fovea/torch)", "fovea img/s", "torch img/s", "ratio",
          "fovea peak RSS MiB", "torch peak RSS MiB")
print("| " + " | ".join(header) + " |")
print("|" + "---|" * len(header))
for (depth, channels, size, batch), sides in runs.items():
    fovea, torch = sides["fovea"], sides["torch"]
    f_ips = statistics.median(r[0] for r in fovea)
    t_ips = statistics.median(r[0] for r in torch)
    print(f"| ResNet-{depth} | {channels}x{size}x{size} | {batch} | {fovea[0][2]}/{torch[0][2]} "
          f"| {f_ips:.1f} | {t_ips:.1f} | {f_ips / t_ips:.2f} "
          f"| {max(r[1] for r in fovea):.0f} | {max(r[1] for r in torch):.0f} |")
