"""Helpers of bench/serving/run.sh.

  summarise.py hey <server> <model> <concurrency> <hey output>   -> one results row (tab-separated)
  summarise.py wrk <server> <model> <concurrency> <wrk output>   -> the same row from wrk-post.lua's last line
  summarise.py agree <fovea answer.json> <peer answer.json>       -> fails unless the two answers agree
  summarise.py table <results.tsv>                                 -> the markdown table and the goals' verdicts
"""
import json
import sys


def hey(server, model, concurrency, path):
    """hey's CSV (-o csv): one row per request, its response time, status and start offset."""
    rows = [line.split(",") for line in open(path).read().splitlines()[1:] if line]
    times = sorted(float(row[0]) for row in rows)
    elapsed = max(float(row[7]) + float(row[0]) for row in rows)
    failed = sum(1 for row in rows if row[6] != "200")
    print(f"{server}\t{model}\t{concurrency}\t{len(rows) / elapsed:.1f}\t{percentile(times, 50) * 1e3:.2f}"
          f"\t{percentile(times, 99) * 1e3:.2f}\t{failed}")


def wrk(server, model, concurrency, path):
    """The line wrk-post.lua writes at the end: responses, failures, microseconds measured, p50 and p99 in µs."""
    line = next(line for line in open(path).read().splitlines() if line.startswith("wrk\t"))
    responses, failed, micros, p50, p99 = (int(field) for field in line.split("\t")[1:])
    print(f"{server}\t{model}\t{concurrency}\t{responses / (micros / 1e6):.1f}\t{p50 / 1e3:.3f}\t{p99 / 1e3:.3f}"
          f"\t{failed}")


def percentile(sorted_values, p):
    """The nearest-rank percentile."""
    rank = max(1, -(-p * len(sorted_values) // 100))
    return sorted_values[int(rank) - 1]


def agree(fovea_path, peer_path):
    fovea, peer = json.load(open(fovea_path)), json.load(open(peer_path))
    difference = max(abs(a - b) for a, b in zip(fovea, peer))
    same_class = fovea.index(max(fovea)) == peer.index(max(peer))
    print(f"fovea and the peer answer {len(fovea)} and {len(peer)} probabilities; largest difference {difference:.2e},"
          f" same class: {same_class}")
    if len(fovea) != len(peer) or difference > 1e-3 or not same_class:
        sys.exit("the peer does not compute what fovea serve computes: not the same network, weights or preprocessing")


def table(path):
    rows = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
    inprocess = {(r[1], r[2]): float(r[3]) for r in rows if r[0] == "inprocess"}
    served = {(r[0], r[1], int(r[2])): (float(r[3]), float(r[4]), float(r[5]), int(r[6])) for r in rows
              if r[0] in ("fovea", "peer")}
    models = list(dict.fromkeys(r[1] for r in rows))
    print("| model | concurrency | fovea images/s | fovea p50 / p99 ms | peer images/s | peer p50 / p99 ms |"
          " fovea / peer | fovea / in-process batched |")
    print("|---|---|---|---|---|---|---|---|")
    verdicts = []
    for model in models:
        batched = inprocess[(model, "batched_images_per_s")]
        forward = inprocess[(model, "forward_ms")]
        for concurrency in sorted({key[2] for key in served if key[1] == model}):
            f = served[("fovea", model, concurrency)]
            p = served[("peer", model, concurrency)]
            failed = f" ({f[3]} failed)" if f[3] else ""
            print(f"| {model} | {concurrency} | {f[0]:.0f}{failed} | {f[1]:.2f} / {f[2]:.2f} | {p[0]:.0f} |"
                  f" {p[1]:.2f} / {p[2]:.2f} | {f[0] / p[0]:.2f} | {f[0] / batched:.2f} |")
        print(f"| {model} | in-process | batched {batched:.0f} images/s | one forward pass {forward:.2f} ms,"
              f" with decoding {inprocess[(model, 'end_to_end_ms')]:.2f} ms | | | | |")
        top = max(key[2] for key in served if key[1] == model)
        f, p = served[("fovea", model, top)], served[("peer", model, top)]
        verdicts.append(f"{model}: c={top}: {f[0] / batched:.0%} of in-process batched (goal >= 80%);"
                        f" {f[0] / p[0]:.2f}x the peer (goal >= 1.5x) at p99 {f[2]:.1f} vs {p[2]:.1f} ms (goal: no worse)")
        if ("fovea", model, 1) in served:
            one = served[("fovea", model, 1)]
            verdicts.append(f"{model}: c=1: p50 {one[1]:.2f} ms = {one[1] / forward:.2f}x one forward pass"
                            f" (goal <= 1.2x)")
    print()
    for verdict in verdicts:
        print("- " + verdict)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"hey": hey, "wrk": wrk, "agree": agree, "table": table}[command](*args)
