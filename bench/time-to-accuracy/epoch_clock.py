"""Runs one contender and clocks its epochs: the wall-clock seconds since the command started at which each
SageMaker line `Epoch[k] Validation-accuracy=F` appears on its stdout, with the epoch's `Time cost` (the training
pass alone). Fovea's `fovea run` echoes rank 0's lines; torch_mnist.py prints the same lines.

Appends one row per epoch to RESULTS (tab-separated): contender, epoch, wall seconds, time cost, validation accuracy.
Copies the command's output (stdout and stderr) to LOG. Exits with the command's exit code, showing the end of LOG when it failed.

Usage: python3 epoch_clock.py CONTENDER RESULTS LOG -- COMMAND...
"""
import re
import subprocess
import sys
import time

VALIDATION = re.compile(r"Epoch\[(\d+)\] Validation-accuracy=([0-9.]+)")
TIME_COST = re.compile(r"Epoch\[(\d+)\] Time cost=([0-9.]+)")


def main():
    if len(sys.argv) < 6 or sys.argv[4] != "--":
        sys.exit(__doc__)
    contender, results, log = sys.argv[1:4]
    command = sys.argv[5:]
    time_costs = {}
    rows = []
    start = time.perf_counter()
    with open(log, "w") as copy, subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1) as process:
        for line in process.stdout:
            now = time.perf_counter() - start
            copy.write(line)
            copy.flush()
            cost = TIME_COST.search(line)
            if cost:
                time_costs[int(cost.group(1))] = float(cost.group(2))
            validation = VALIDATION.search(line)
            if validation:
                epoch = int(validation.group(1))
                rows.append((contender, epoch, now, time_costs.get(epoch, float("nan")), float(validation.group(2))))
                print(f"{contender}: epoch {epoch + 1} validation accuracy {float(validation.group(2)):.4f} "
                      f"at {now:.1f} s", file=sys.stderr, flush=True)
    if process.returncode != 0:
        with open(log) as written:
            tail = written.readlines()[-20:]
        sys.stderr.write(f"{contender} failed with exit code {process.returncode}; the end of {log}:\n"
                         + "".join(tail))
        sys.exit(process.returncode)
    if not rows:
        sys.exit(f"{contender} printed no 'Epoch[k] Validation-accuracy=' line; see {log}")
    with open(results, "a") as out:
        for row in rows:
            out.write("\t".join(str(value) for value in row) + "\n")


if __name__ == "__main__":
    main()
