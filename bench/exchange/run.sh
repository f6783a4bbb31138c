#!/usr/bin/env bash
# Fovea's gradient exchange side by side with PyTorch's CPU all-reduce (torch.distributed, Gloo backend, as
# DistributedDataParallel uses it) and raw TCP, on loopback: for 2 and 4 hosts (one process per host, one thread
# each) and ResNet-20-sized (0.27 M floats) and ResNet-50-sized (25.6 M floats) gradients, plus dist_async's pushes
# and pulls for the same bytes and the exchange's share of a real ResNet-20 training step on 2 hosts. Each
# configuration is measured ROUNDS times with the contenders interleaved, and the table gives the medians.
#
#   bench/exchange/run.sh [steps]        # timed steps per 25.6 M-float measurement (default 10; 20x that for
#                                        # 0.27 M floats, 3x for the training step), after as many untimed ones
#
# Options (environment): ROUNDS (default 3), HOSTS (default "2 4"), SIZES (default "resnet20 resnet50"), WIRE
# (Fovea's FOVEA_EXCHANGE_WIRE, default float32), ASYNC=0 (no dist_async rows), RESNET=0 (no training-step row),
# BASELINE=<git revision> (that revision's Fovea as one more contender, built from `git archive`, for before/after
# tables). Needs a JDK 21+ (JAVA_HOME, default Temurin 25), python3 with venv, and iperf3 (installed with apt-get
# if missing; a Python equivalent measures raw TCP where it cannot be). PyTorch comes from the current CPU wheel,
# installed with pip into bench/exchange/work/venv on the first run.
set -euo pipefail
cd "$(dirname "$0")/../.."
# ./mvnw runs on JAVA_HOME's java: without the export it would fall back to the system's, which may be too old
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
STEPS=${1:-10}
ROUNDS=${ROUNDS:-3}
HOSTS=${HOSTS:-2 4}
SIZES=${SIZES:-resnet20 resnet50}
WIRE=${WIRE:-float32}
HERE=bench/exchange
WORK=$HERE/work
VENV=$WORK/venv
RUN=$(pwd)/$WORK/run-$$
mkdir -p "$RUN"
trap 'rm -rf "$RUN"' EXIT

die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

[ -x "$JAVA_HOME/bin/java" ] || die "no JDK at JAVA_HOME=$JAVA_HOME; install Temurin 21+ or set JAVA_HOME"

# build TREE DEST: compiles the trainer in TREE and copies its classes and class path to DEST (other builds may
# clean target/ while the benchmark runs)
build() {
  local tree=$1 dest=$2
  mkdir -p "$dest"
  (cd "$tree" && ./mvnw -B -q -pl trainer-image -am package dependency:build-classpath -DskipTests \
    -Dspotless.check.skip=true -Dmdep.outputFile="$dest/classpath.txt" >/dev/null) ||
    die "the trainer in $tree does not build"
  cp -r "$tree/trainer-image/target/classes" "$dest/trainer-classes"
  cp -r "$tree/api/target/classes" "$dest/api-classes"
  echo "$dest/trainer-classes:$dest/api-classes:$(cat "$dest/classpath.txt")" >"$dest/cp"
}

echo "building the trainer" >&2
build . "$RUN/fovea"
CONTENDERS=(fovea)
if [ -n "${BASELINE:-}" ]; then
  echo "building the baseline $BASELINE" >&2
  mkdir -p "$RUN/baseline-src"
  git archive "$BASELINE" | tar -x -C "$RUN/baseline-src"
  build "$RUN/baseline-src" "$RUN/baseline"
  CONTENDERS+=(baseline)
fi

if ! "$VENV/bin/python" -c 'import torch.distributed' 2>/dev/null; then
  echo "installing PyTorch (CPU) into $VENV" >&2
  python3 -m venv "$VENV" || die "python3 -m venv failed; install python3-venv"
  "$VENV/bin/pip" install -q --retries 1 --timeout 10 torch ||
    die "pip could not install torch; see 'pip config list' for the package index it uses"
fi

if ! command -v iperf3 >/dev/null; then
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  { $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q iperf3; } >&2 ||
    echo "iperf3 is not installable here; tcp_loopback.py measures raw TCP with Python processes" >&2
fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# fovea CONTENDER ARGS...: one ExchangeBench.java gang (arguments as in its comment)
fovea() {
  local contender=$1
  shift
  FOVEA_EXCHANGE_WIRE=$WIRE "$JAVA_HOME/bin/java" -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow -cp "$(cat "$RUN/$contender/cp")" "$HERE/ExchangeBench.java" "$@" |
    sed "s/^/$contender\t/"
}

# gloo HOSTS FLOATS STEPS: one Gloo all-reduce gang, one process per host
gloo() {
  local hosts=$1 floats=$2 steps=$3 port
  port=$(free_port)
  for rank in $(seq 0 $((hosts - 1))); do
    OMP_NUM_THREADS=1 "$VENV/bin/python" "$HERE/gloo_allreduce.py" "$rank" "$hosts" "$port" "$floats" "$steps" &
  done | sed "s/^/gloo\t/"
  wait
}

# ExchangeBench's model: 8 square fully connected layers of this width, 8·(width²+width) floats; the small size
# gets 20 times the steps (each takes milliseconds)
declare -A WIDTH=([resnet20]=183 [resnet50]=1788)
declare -A REPEAT=([resnet20]=20 [resnet50]=1)
RESULTS=$RUN/results.tsv
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq "$ROUNDS"); do
  echo "round $round of $ROUNDS" >&2
  python3 "$HERE/tcp_loopback.py" >>"$RESULTS"
  for hosts in $HOSTS; do
    for size in $SIZES; do
      floats=$((8 * (WIDTH[$size] * WIDTH[$size] + WIDTH[$size])))
      steps=$((STEPS * REPEAT[$size]))
      for contender in "${CONTENDERS[@]}"; do
        fovea "$contender" gang dist_sync "$hosts" "${WIDTH[$size]}" "$steps" >>"$RESULTS"
        if [ "${ASYNC:-1}" = 1 ]; then
          fovea "$contender" gang dist_async "$hosts" "${WIDTH[$size]}" "$steps" >>"$RESULTS"
        fi
      done
      gloo "$hosts" "$floats" "$steps" >>"$RESULTS"
    done
  done
  if [ "${RESNET:-1}" = 1 ]; then
    for contender in "${CONTENDERS[@]}"; do
      fovea "$contender" resnet 2 "$((STEPS * 3))" >>"$RESULTS"
    done
  fi
done
echo "steps: $STEPS, rounds: $ROUNDS, Fovea wire format: $WIRE, $(nproc) cores, load average before:" \
  "$LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$HERE/summarise.py" "$RESULTS"
