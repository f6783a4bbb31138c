#!/usr/bin/env bash
# Where the time of a training step goes, Fovea against PyTorch eager: RUNS interleaved pairs of runs with
# the autograd profiler on over the timed steps (TrainingThroughput.java and torch_step.py with a trace
# path), then compare_profiles.py over all traces of each side: per-step wall time, time inside and
# outside operators, and the operators whose self time differs most.
#
#   bench/training-throughput/profile.sh                       # ResNet-20 3x32x32 batch 64, THREADS=1
#   THREADS=2 RUNS=5 NET="20 1 28 64 3 10" bench/training-throughput/profile.sh
#   TRACES=/tmp/traces bench/training-throughput/profile.sh    # keep the chrome traces (chrome://tracing)
#
# Environment for the Fovea JVM only (LD_PRELOAD, MALLOC_*, JAVA_OPTS, ...) goes in FOVEA_ENV.
set -euo pipefail
cd "$(dirname "$0")/../.."
THREADS=${THREADS:-1}
RUNS=${RUNS:-3}
NET=${NET:-20 3 32 64 3 10}  # depth channels size batch warmup steps
TOP=${TOP:-15}
FOVEA_ENV=${FOVEA_ENV:-}
source bench/training-throughput/prepare.sh
TRACES=${TRACES:-$WORK/traces}
mkdir -p "$TRACES"

read -r -a net <<<"$NET"
fovea_traces=() torch_traces=()
for run in $(seq "$RUNS"); do
  echo "run $run (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
  # shellcheck disable=SC2086  # FOVEA_ENV's assignments are meant to split into words
  (if [ -n "${FOVEA_ENV// /}" ]; then export $FOVEA_ENV; fi
   fovea_step "$THREADS" "${net[@]}" trainer "$TRACES/fovea-$run.json") | grep '^fovea' >&2
  torch_step "$THREADS" "${net[@]}" "$TRACES/torch-$run.json" >&2
  fovea_traces+=("$TRACES/fovea-$run.json") torch_traces+=("$TRACES/torch-$run.json")
done
echo "ResNet-${net[0]} ${net[1]}x${net[2]}x${net[2]} batch ${net[3]}, ${net[5]} profiled steps x $RUNS runs," \
  "threads: $THREADS, fovea env: '${FOVEA_ENV}', $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PYTHON" "$WORK/compare_profiles.py" "$(IFS=,; echo "${fovea_traces[*]}")" \
  "$(IFS=,; echo "${torch_traces[*]}")" "$((net[5] * RUNS))" "$TOP"
