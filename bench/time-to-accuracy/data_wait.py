"""Runs a one-host `fovea run` and measures how long its training loop waited for data, from the trainer's own
Prometheus metrics: scrapes rank 0's /metrics (the port its log names) every POLL seconds while it trains, and
reads each epoch's `Time cost` (the training pass: steps plus data waits) from the same log.

fovea_data_wait_seconds counts the training set's waits only. Within epoch k (fovea_epoch == k, the epochs done so
far) the step counter stops at the epoch's last batch while validation runs, so the wait read then is exactly the
wait of epochs 0..k; that is the value taken per epoch. Prints a table: per epoch and in total, the data-wait
seconds, the training-pass seconds and their ratio.

Usage: python3 data_wait.py HOST_LOG CONSOLE_LOG -- COMMAND...
  HOST_LOG: where the command writes host algo-1's log (<work dir>/logs/algo-1.log)
"""
import re
import subprocess
import sys
import time
import urllib.request

POLL = 0.05
PORT = re.compile(r"Serving /metrics and /progress on port (\d+)")
TIME_COST = re.compile(r"Epoch\[(\d+)\] Time cost=([0-9.]+)")
SAMPLE = re.compile(r"^(fovea_epoch|fovea_step|fovea_data_wait_seconds)\{[^}]*\} (\S+)$", re.MULTILINE)


def observe_port(host_log, process):
    while process.poll() is None:
        try:
            with open(host_log) as log:
                found = PORT.search(log.read())
            if found:
                return int(found.group(1))
        except FileNotFoundError:
            pass
        time.sleep(POLL)
    return None


def scrape(port):
    """(epochs done, steps, data-wait seconds) from /metrics, or None while the server does not answer."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as response:
            text = response.read().decode()
    except OSError:
        return None
    values = {name: float(value) for name, value in SAMPLE.findall(text)}
    if len(values) < 3:
        return None
    return int(values["fovea_epoch"]), int(values["fovea_step"]), values["fovea_data_wait_seconds"]


def waits_per_epoch(samples):
    """Cumulative data wait at the end of each epoch's training pass, keyed by epoch (only epochs sampled then)."""
    last_step = {}
    for epoch, step, _ in samples:
        last_step[epoch] = max(step, last_step.get(epoch, 0))
    waits = {}
    for epoch, step in last_step.items():
        at_end = [wait for e, s, wait in samples if e == epoch and s == step]
        if len(at_end) >= 2:  # seen twice with the steps stopped: the validation pass, not a passing step
            waits[epoch] = max(at_end)
    return waits


def print_table(costs, waits):
    print("| epoch | training pass s | data wait s | data wait / training pass |")
    print("|---|---|---|---|")
    previous = 0.0
    for epoch in sorted(costs):
        if epoch in waits:
            wait = waits[epoch] - previous
            previous = waits[epoch]
            print(f"| {epoch + 1} | {costs[epoch]:.2f} | {wait:.3f} | {wait / costs[epoch]:.2%} |")
        else:
            print(f"| {epoch + 1} | {costs[epoch]:.2f} | not sampled | - |")
    last = max(costs)
    if last not in waits:
        sys.exit("the last epoch's validation pass was not sampled; no total (raise the number of validation images)")
    total = sum(costs.values())
    print(f"| all | {total:.2f} | {waits[last]:.3f} | {waits[last] / total:.2%} |")


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit(__doc__)
    host_log, console_log, command = sys.argv[1], sys.argv[2], sys.argv[4:]
    samples = []
    with open(console_log, "w") as console, subprocess.Popen(command, stdout=console, stderr=subprocess.STDOUT) as process:
        port = observe_port(host_log, process)
        while port is not None and process.poll() is None:
            sample = scrape(port)
            if sample:
                samples.append(sample)
            time.sleep(POLL)
    if process.returncode != 0 or port is None:
        with open(console_log) as written:
            tail = "".join(written.readlines()[-20:])
        sys.exit(f"fovea run failed with exit code {process.returncode}; the end of {console_log}:\n{tail}")
    with open(host_log) as log:
        costs = {int(epoch): float(cost) for epoch, cost in TIME_COST.findall(log.read())}
    print_table(costs, waits_per_epoch([s for s in samples if s[0] in costs]))


if __name__ == "__main__":
    main()
