"""Turns bench/exchange/run.sh's results (one tab-separated line per measurement) into markdown tables of medians.

Bus bandwidth follows NCCL's convention for an all-reduce of S bytes over N hosts taking t seconds:
S / t * 2(N-1)/N, the rate at which each host's link carries the ring's traffic; it is comparable across N.
CPU ms is the CPU time rank 0's process spent per all-reduce (all its threads; Fovea's without DJL's optimizer
step): the work done, which other load on the machine moves far less than it moves the wall-clock times.
The rounds' spread of the bus-bandwidth ratio pairs each round's Fovea run with that round's Gloo run (run.sh
interleaves them), so it shows how far one round's ratio strays from the median.
"""

import statistics
import sys
from collections import defaultdict


def bus_gbps(floats, hosts, ms):
    return floats * 4 / (ms / 1000) * 2 * (hosts - 1) / hosts / 1e9


def ring_bound_bytes(floats, hosts):
    return 2 * floats * 4 * (hosts - 1) / hosts


def spread(ours, theirs):
    """Min-max over rounds of Gloo's time over Fovea's, each round's runs paired (they ran one after the other)."""
    ratios = [their[0] / our[0] for our, their in zip(ours, theirs)]
    return f"{min(ratios):.2f}-{max(ratios):.2f} ({len(ratios)})"


def main(path):
    exchanges = defaultdict(list)  # (contender, mode, hosts, floats) -> [(ms, sent, received, cpu ms)]
    gloo = defaultdict(list)  # (hosts, floats) -> [(ms, cpu ms)]
    resnet = defaultdict(list)  # (contender, hosts) -> [(step ms, exchange ms)]
    tcp = defaultdict(list)  # (direction, tool) -> [GB/s]
    with open(path) as results:
        for line in results:
            fields = line.split()
            if not fields:
                continue
            if fields[0] == "tcp":
                tcp[(fields[1], fields[2])].append(float(fields[3]))
            elif fields[1] == "gloo":
                gloo[(int(fields[2]), int(fields[3]))].append((float(fields[4]), float(fields[5])))
            elif fields[1] == "fovea-resnet20":
                resnet[(fields[0], int(fields[2]))].append((float(fields[3]), float(fields[4])))
            elif fields[1] == "fovea":
                key = (fields[0], fields[2], int(fields[3]), int(fields[4]))
                cpu = float(fields[8]) if len(fields) > 8 else float("nan")
                exchanges[key].append((float(fields[5]), int(fields[6]), int(fields[7]), cpu))

    def median(samples, index):
        return statistics.median(sample[index] for sample in samples)

    contenders = sorted({key[0] for key in exchanges}, key=lambda name: name != "fovea")
    baseline = "baseline" in contenders

    for (direction, tool), rates in sorted(tcp.items()):
        print(f"raw TCP on loopback ({tool}), {direction}: {statistics.median(rates):.2f} GB/s per direction")
    print()

    header = ["hosts", "floats", "Fovea ms", "Gloo ms", "Fovea bus GB/s", "Gloo bus GB/s",
              "Fovea/Gloo bus bandwidth", "Fovea/Gloo latency", "Fovea wire / ring bound", "Fovea CPU ms",
              "Gloo CPU ms", "Fovea/Gloo CPU", "bus bandwidth ratio, rounds min-max"]
    if baseline:
        header += ["before ms", "before bus GB/s", "before wire / ring bound", "speed-up"]
    print("dist_sync all-reduce against Gloo's all_reduce:")
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for hosts, floats in sorted(gloo):
        key = ("fovea", "dist_sync", hosts, floats)
        if key not in exchanges:
            continue
        ours = median(exchanges[key], 0)
        theirs = median(gloo[(hosts, floats)], 0)
        wire = median(exchanges[key], 1) / ring_bound_bytes(floats, hosts)
        our_cpu = median(exchanges[key], 3)
        their_cpu = median(gloo[(hosts, floats)], 1)
        row = [hosts, f"{floats:,}", f"{ours:.2f}", f"{theirs:.2f}", f"{bus_gbps(floats, hosts, ours):.3f}",
               f"{bus_gbps(floats, hosts, theirs):.3f}", f"{theirs / ours:.2f}", f"{ours / theirs:.2f}",
               f"{wire:.4f}", f"{our_cpu:.2f}", f"{their_cpu:.2f}", f"{our_cpu / their_cpu:.2f}",
               spread(exchanges[key], gloo[(hosts, floats)])]
        before = exchanges.get(("baseline", "dist_sync", hosts, floats))
        if baseline and before:
            old = median(before, 0)
            row += [f"{old:.2f}", f"{bus_gbps(floats, hosts, old):.3f}",
                    f"{median(before, 1) / ring_bound_bytes(floats, hosts):.4f}", f"{old / ours:.1f}"]
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    print()

    asyncs = [key for key in exchanges if key[1] == "dist_async"]
    if asyncs:
        print("dist_async pushes and pulls against dist_sync, same gradients (GB/s: bytes this host sent and "
              "received per second):")
        print()
        header = ["contender", "hosts", "floats", "dist_async ms", "dist_sync ms", "dist_async GB/s",
                  "dist_sync GB/s", "async/sync GB/s", "async wire / 2|G|(N-1)/N"]
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for contender, _, hosts, floats in sorted(asyncs, key=lambda k: (contenders.index(k[0]), k[2], k[3])):
            pushes = exchanges[(contender, "dist_async", hosts, floats)]
            ring = exchanges.get((contender, "dist_sync", hosts, floats))
            async_ms = median(pushes, 0)
            async_rate = (median(pushes, 1) + median(pushes, 2)) / (async_ms / 1000) / 1e9
            row = [contender, hosts, f"{floats:,}", f"{async_ms:.2f}"]
            if ring:
                sync_ms = median(ring, 0)
                sync_rate = (median(ring, 1) + median(ring, 2)) / (sync_ms / 1000) / 1e9
                row += [f"{sync_ms:.2f}", f"{async_rate:.3f}", f"{sync_rate:.3f}", f"{async_rate / sync_rate:.2f}"]
            else:
                row += ["", f"{async_rate:.3f}", "", ""]
            # pushes out, weights back to the peers' pushes: 2|G|(N-1)/N in all when the shards are even
            row.append(f"{median(pushes, 1) / ring_bound_bytes(floats, hosts):.4f}")
            print("| " + " | ".join(str(cell) for cell in row) + " |")
        print()

    if resnet:
        print("ResNet-20 (1x28x28, 64 images per host), dist_sync, whole training steps:")
        print()
        print("| contender | hosts | step ms | exchange ms | exchange share |")
        print("|---|---|---|---|---|")
        for (contender, hosts), samples in sorted(resnet.items(), key=lambda item: contenders.index(item[0][0])):
            step = median(samples, 0)
            exchange = median(samples, 1)
            print(f"| {contender} | {hosts} | {step:.1f} | {exchange:.2f} | {exchange / step:.1%} |")


if __name__ == "__main__":
    main(sys.argv[1])
