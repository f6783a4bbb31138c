#!/usr/bin/env bash
# Training-step throughput of Fovea's trainer (DJL + libtorch) against PyTorch eager on the same
# nets, batches and thread count, runs interleaved. Prints a markdown table (median of ROUNDS runs).
#
#   bench/training-throughput/run.sh                 # all nets, THREADS=2, ROUNDS=3
#   THREADS=1 ROUNDS=2 NETS=20 bench/training-throughput/run.sh   # only the ResNet-20 rows
#
# Each side runs as users run it: Fovea with tcmalloc preloaded where it is installed, as ./fovea and the
# trainer image do (FOVEA_PRELOAD= turns that off), PyTorch as a plain python3 script (TORCH_PRELOAD=<library>
# preloads an allocator for it too). LAYOUT=nchw feeds Fovea's net a plain N×C×H×W batch instead of the
# pipeline's channels-last one; LAYOUT=channels_last feeds PyTorch's a channels-last one.
set -euo pipefail
cd "$(dirname "$0")/../.."
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}
NETS=${NETS:-}  # space-separated depths to run; empty runs all
STEP=${STEP:-trainer}  # trainer: trainer.step() as the training loop; direct: FoveaOptimizer.updateAll
TCMALLOC=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
FOVEA_PRELOAD=${FOVEA_PRELOAD-$([ -e "$TCMALLOC" ] && echo "$TCMALLOC")}
TORCH_PRELOAD=${TORCH_PRELOAD:-}
source bench/training-throughput/prepare.sh

# depth channels size batch warmup steps; the warm-up lets the JVM's JIT settle, as it has a minute into a job
CONFIGS=(
  "20 3 32 64 40 30"
  "20 1 28 64 40 30"
  "18 3 224 16 3 6"
  "50 3 224 8 2 4"
)
RESULTS="$WORK/results.tsv"
for round in $(seq "$ROUNDS"); do
  for config in "${CONFIGS[@]}"; do
    read -r depth channels size batch warmup steps <<<"$config"
    if [ -n "$NETS" ] && [[ " $NETS " != *" $depth "* ]]; then continue; fi
    echo "round $round: ResNet-$depth ${channels}x${size}x${size} batch $batch" >&2
    LD_PRELOAD=$FOVEA_PRELOAD fovea_step "$THREADS" "$depth" "$channels" "$size" "$batch" "$warmup" "$steps" \
      "$STEP" | grep '^fovea' >>"$RESULTS"
    LD_PRELOAD=$TORCH_PRELOAD torch_step "$THREADS" "$depth" "$channels" "$size" "$batch" "$warmup" "$steps" \
      >>"$RESULTS"
  done
done
echo "threads: $THREADS, rounds: $ROUNDS, fovea update: $STEP, layout: ${LAYOUT:-default}," \
  "fovea preload: '${FOVEA_PRELOAD}', torch preload: '${TORCH_PRELOAD}', $(nproc) cores," \
  "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PYTHON" "$WORK/summarise.py" "$RESULTS"
