"""Raw TCP throughput on loopback, the ceiling for any exchange on this machine: one way, and both ways at once (as
a ring host sends to its successor while receiving from its predecessor). Uses iperf3 (--bidir for both ways) where
it is installed, else an equivalent pair of Python processes per direction moving 4 MiB buffers for 3 seconds.

Prints one tab-separated line per measurement: tcp DIRECTION TOOL GB_per_second (one direction's rate).
"""

import json
import multiprocessing
import shutil
import socket
import subprocess
import time

SECONDS = 3
BUFFER = 4 << 20


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def iperf3(both_ways):
    port = free_port()
    server = subprocess.Popen(
        ["iperf3", "-s", "-1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        time.sleep(0.5)
        command = ["iperf3", "-c", "127.0.0.1", "-p", str(port), "-t", str(SECONDS), "-J"]
        report = json.loads(subprocess.run(command + (["--bidir"] if both_ways else []), check=True,
                                           capture_output=True, text=True).stdout)
        return report["end"]["sum_sent"]["bits_per_second"] / 8e9
    finally:
        server.wait(timeout=10)


def _receive(listener, result):
    connection, _ = listener.accept()
    buffer = bytearray(BUFFER)
    total = 0
    start = time.perf_counter()
    while True:
        count = connection.recv_into(buffer)
        if count == 0:
            break
        total += count
    result.put(total / (time.perf_counter() - start) / 1e9)


def _send(port):
    with socket.create_connection(("127.0.0.1", port)) as connection:
        payload = bytes(BUFFER)
        deadline = time.perf_counter() + SECONDS
        while time.perf_counter() < deadline:
            connection.sendall(payload)


def python_pairs(pairs):
    result = multiprocessing.Queue()
    processes = []
    for _ in range(pairs):
        listener = socket.create_server(("127.0.0.1", 0))
        processes.append(multiprocessing.Process(target=_receive, args=(listener, result)))
        processes.append(multiprocessing.Process(target=_send, args=(listener.getsockname()[1],)))
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return min(result.get() for _ in range(pairs))


def main():
    tool = "iperf3" if shutil.which("iperf3") else "python"
    for direction, both_ways in (("one-way", False), ("both-ways", True)):
        rate = iperf3(both_ways) if tool == "iperf3" else python_pairs(2 if both_ways else 1)
        print(f"tcp\t{direction}\t{tool}\t{rate:.3f}", flush=True)


if __name__ == "__main__":
    main()
