#!/usr/bin/env bash
# Training-step throughput of Fovea's trainer (DJL + libtorch) against PyTorch eager on the same
# nets, batches and thread count, runs interleaved. Prints a markdown table (median of ROUNDS runs).
#
#   bench/training-throughput/run.sh                 # all nets, THREADS=2, ROUNDS=3
#   THREADS=1 ROUNDS=2 NETS=20 bench/training-throughput/run.sh   # only the ResNet-20 rows
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=bench/training-throughput
THREADS=${THREADS:-2}
# Debian's python3-torch lives in the system interpreter, not in a pyenv/venv one that may come first
PYTHON=${PYTHON:-/usr/bin/python3}
ROUNDS=${ROUNDS:-3}
NETS=${NETS:-}  # space-separated depths to run; empty runs all
STEP=${STEP:-trainer}  # trainer: trainer.step() as the training loop; direct: FoveaOptimizer.updateAll
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "installing Debian's python3-torch" >&2
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q python3-torch >&2
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
./mvnw -B -q -pl trainer-image -am compile
./mvnw -B -q -pl trainer-image dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" \
  -Dmdep.includeScope=runtime >/dev/null
# a private copy of the compiled classes: other builds in this tree may clean target/ while we run
cp -r trainer-image/target/classes "$WORK/trainer-classes"
cp -r api/target/classes "$WORK/api-classes"
cp "$HERE/TrainingThroughput.java" "$HERE/torch_step.py" "$HERE/summarise.py" "$WORK/"
CP="$WORK/trainer-classes:$WORK/api-classes:$(cat "$WORK/classpath.txt")"

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
    OMP_NUM_THREADS=$THREADS "$JAVA_HOME/bin/java" -Xmx8g -Dai.djl.offline=true \
      -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1 \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=warn --enable-native-access=ALL-UNNAMED \
      -cp "$CP" "$WORK/TrainingThroughput.java" "$depth" "$channels" "$size" "$batch" "$warmup" "$steps" \
      "$STEP" | grep '^fovea' >>"$RESULTS"
    OMP_NUM_THREADS=$THREADS "$PYTHON" "$WORK/torch_step.py" "$depth" "$channels" "$size" "$batch" "$warmup" \
      "$steps" "$THREADS" >>"$RESULTS"
  done
done
echo "threads: $THREADS, rounds: $ROUNDS, fovea update: $STEP, $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PYTHON" "$WORK/summarise.py" "$RESULTS"
