"""Prints the time-to-accuracy table from epoch_clock.py's rows: per contender, the wall-clock seconds (from the
command's start, so JVM/Python start-up and data loading count) and the epoch at which validation accuracy first
reached each target, and the mean training pass per epoch (SageMaker's Time cost, validation excluded).

Usage: python3 summarise.py RESULTS TRAIN_IMAGES TARGET...   (targets as fractions, e.g. 0.98 0.99)
"""
import sys
from collections import defaultdict


def first_reaching(epochs, target):
    for epoch, wall, _, accuracy in epochs:
        if accuracy >= target:
            return f"{wall:.0f} s (epoch {epoch + 1})"
    return "not reached"


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    results, train_images = sys.argv[1], int(sys.argv[2])
    targets = [float(target) for target in sys.argv[3:]]
    runs = defaultdict(list)
    with open(results) as rows:
        for row in rows:
            contender, epoch, wall, time_cost, accuracy = row.rstrip("\n").split("\t")
            runs[contender].append((int(epoch), float(wall), float(time_cost), float(accuracy)))

    header = (["contender"] + [f"to {target:.0%}" for target in targets]
              + ["epochs", "final val acc", "best val acc", "train s/epoch", "train img/s", "last epoch at s"])
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for contender, epochs in runs.items():
        epochs.sort()
        costs = [cost for _, _, cost, _ in epochs]
        mean_cost = sum(costs) / len(costs)
        cells = [contender] + [first_reaching(epochs, target) for target in targets] + [
            str(len(epochs)), f"{epochs[-1][3]:.4f}", f"{max(e[3] for e in epochs):.4f}", f"{mean_cost:.1f}",
            f"{train_images / mean_cost:.0f}", f"{epochs[-1][1]:.0f}"]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
