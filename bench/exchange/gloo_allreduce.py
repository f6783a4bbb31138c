"""One host of PyTorch's CPU all-reduce, as DistributedDataParallel runs it: torch.distributed with the Gloo
backend over TCP on loopback, one process per host, one intra-op thread each.

Usage: gloo_allreduce.py RANK HOSTS PORT FLOATS STEPS

Every host sums a float32 tensor of FLOATS values in place (all_reduce, SUM) STEPS times after as many warm-up
calls (as the Fovea side warms up its JIT). Each call starts right after a barrier every host passes (as the Fovea
side starts each exchange), and is timed on its own, from the barrier's return to the call's, so no clock covers a
peer that is still finishing its previous call. Rank 0 prints one tab-separated line: gloo HOSTS FLOATS
mean_ms_per_all_reduce cpu_ms_per_all_reduce (the process's CPU time, all its threads, during the calls).
"""

import os
import sys
import time
import warnings

warnings.filterwarnings("ignore", message="Failed to initialize NumPy")

import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402


def main():
    rank, hosts, port, floats, steps = (int(arg) for arg in sys.argv[1:6])
    torch.set_num_threads(1)
    dist.init_process_group(
        "gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=hosts
    )
    tensor = torch.randn(floats) / hosts
    seconds = 0.0
    cpu = 0.0
    for step in range(2 * steps):
        dist.barrier()
        start = time.perf_counter()
        cpu_start = time.process_time()
        dist.all_reduce(tensor)
        if step >= steps:
            cpu += time.process_time() - cpu_start
            seconds += time.perf_counter() - start
    if rank == 0:
        print(f"gloo\t{hosts}\t{floats}\t{seconds * 1000 / steps:.3f}\t{cpu * 1000 / steps:.3f}", flush=True)
    dist.destroy_process_group()


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
