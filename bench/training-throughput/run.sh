#!/usr/bin/env bash
# Training-step throughput of Fovea's trainer (DJL + libtorch) against PyTorch eager on the same
# nets, batches and thread count, runs interleaved. Prints a markdown table (median of ROUNDS runs).
#
#   bench/training-throughput/run.sh                 # all nets, THREADS=2, ROUNDS=3
#   THREADS=1 ROUNDS=2 NETS=20 bench/training-throughput/run.sh   # only the ResNet-20 rows
set -euo pipefail
cd "$(dirname "$0")/../.."
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}
NETS=${NETS:-}  # space-separated depths to run; empty runs all
STEP=${STEP:-trainer}  # trainer: trainer.step() as the training loop; direct: FoveaOptimizer.updateAll
source bench/training-throughput/prepare.sh

# depth channels size batch warmup steps
CONFIGS=(
  "20 3 32 64 3 20"
  "20 1 28 64 3 20"
  "18 3 224 16 2 5"
  "50 3 224 8 2 4"
)
RESULTS="$WORK/results.tsv"
for round in $(seq "$ROUNDS"); do
  for config in "${CONFIGS[@]}"; do
    read -r depth channels size batch warmup steps <<<"$config"
    if [ -n "$NETS" ] && [[ " $NETS " != *" $depth "* ]]; then continue; fi
    echo "round $round: ResNet-$depth ${channels}x${size}x${size} batch $batch" >&2
    fovea_step "$THREADS" "$depth" "$channels" "$size" "$batch" "$warmup" "$steps" "$STEP" | grep '^fovea' >>"$RESULTS"
    torch_step "$THREADS" "$depth" "$channels" "$size" "$batch" "$warmup" "$steps" >>"$RESULTS"
  done
done
echo "threads: $THREADS, rounds: $ROUNDS, fovea update: $STEP, $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PYTHON" "$WORK/summarise.py" "$RESULTS"
