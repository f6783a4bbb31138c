#!/usr/bin/env bash
# Serving benchmark: `fovea serve` under a real HTTP load generator (wrk or hey) on loopback, at several concurrencies,
# for the MNIST ResNet-20 (1x28x28, 10 classes) and a ResNet-50 at 3x224x224 (1,000 classes), side by side in one run with
#   (a) the in-process limit: the same model and pipeline without HTTP (ServingBench.java), and
#   (b) the Python peer: FastAPI + uvicorn + PyTorch eager serving the same network, weights and preprocessing
#       (peer.py, in a venv this script creates under the work folder).
# Installs wrk and hey (Debian) when they are missing. Prints a markdown table and the goals' verdicts.
#
#   bench/serving/run.sh                                    # both models, concurrency 1 8 32, 15 s per point
#   MODELS=mnist CONCURRENCY="1 32" DURATION=10 bench/serving/run.sh
#
# Each server is warmed up for WARMUP s (20) at the largest concurrency, and again for POINT_WARMUP s (10) before each
# point at the point's concurrency; the in-process reference for WARMUP s.
#
# Both models are the torchvision-style ResNets with seeded random weights (speed does not depend on the weights): the
# peer's network is torch_step.resnet, their PyTorch twin, and the script checks that both servers answer the same
# probabilities before it measures. PEER_MODE=inline runs the peer's
# inference on its event loop instead of its thread pool. MAX_BATCH, MAX_DELAY_MS and WORKERS set fovea serve's
# batching (--max-batch-size, --max-batch-delay-ms, --workers; the in-process reference uses the same;
# MAX_BATCH=0, the default, lets fovea pick the batch size from the input size).
#
# The load generator runs on the same cores as the servers, so it must cost them little. MNIST is loaded with wrk (C,
# one epoll thread: about 0.02 ms of CPU per request, latencies exact to the microsecond); hey (Go) spends about
# 0.08 ms per request, 0.17 of 2 cores at 2,100 requests/s, and reports tenths of a millisecond. ResNet-50 is loaded
# with hey: at 20 requests/s its cost is nothing, and it answers every request it sent before it stops and counts the
# rate up to the last answer, which stays exact for servers that answer 32 requests at once every 2 s; wrk drops what
# is in flight when it stops. LOADGEN=wrk or LOADGEN=hey loads both models with one of them.
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
HERE=bench/serving
WORK=${WORK:-$HERE/work}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-20}
POINT_WARMUP=${POINT_WARMUP:-10}
CONCURRENCY=${CONCURRENCY:-"1 8 32"}
WARMUP_CLIENTS=$(tr ' ' '\n' <<<"$CONCURRENCY" | sort -n | tail -1)
MODELS=${MODELS:-"mnist resnet50"}
MAX_BATCH=${MAX_BATCH:-0}
MAX_DELAY_MS=${MAX_DELAY_MS:-0}
WORKERS=${WORKERS:-0}
FOVEA_PORT=${FOVEA_PORT:-18080}
PEER_PORT=${PEER_PORT:-18081}
LOADGENS=""
mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
: >"$RESULTS"

SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
if ! command -v hey >/dev/null || ! command -v wrk >/dev/null; then
  echo "installing hey and wrk (Debian)" >&2
  $SUDO apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q hey wrk >&2
fi
VENV="$WORK/venv"
if [ ! -x "$VENV/bin/uvicorn" ]; then
  echo "creating the peer's venv in $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --retries 1 --timeout 10 /opt/wheels/torch-2.13.0+cpu-*.whl fastapi "uvicorn[standard]" pillow numpy >&2
fi
PY="$VENV/bin/python"

./mvnw -B -q -pl trainer-image -am package -DskipTests
JAR=$(ls trainer-image/target/fovea-trainer-*.jar | grep -v -e '-sources' -e '-tests' | head -1)
TCMALLOC=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
# as ./fovea serves: tcmalloc preloaded where it is installed, OpenMP threads passive
SERVING_ENV=(LD_PRELOAD="$([ -e "$TCMALLOC" ] && echo "$TCMALLOC")" OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}")
bench_java() {
  env "${SERVING_ENV[@]}" "$JAVA_HOME/bin/java" -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED -cp "$JAR:trainer-image/target/lib/*" \
    "$HERE/ServingBench.java" "$@"
}

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

await_ping() {
  for _ in $(seq 600); do
    if curl -sf "http://127.0.0.1:$1/ping" >/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "nothing answered /ping on port $1; see $WORK/*.log" >&2
  return 1
}

# drives one server with a load generator: drive <port> <wrk|hey> <clients> <seconds> <image> <type> <report file>
drive() {
  local url="http://127.0.0.1:$1/invocations" loadgen=$2 clients=$3 seconds=$4 image=$5 type=$6 out=$7
  case $loadgen in
    wrk) BODY="$image" TYPE="$type" wrk -t 1 -c "$clients" -d "${seconds}s" --timeout 120s \
           -s "$HERE/wrk-post.lua" "$url" >"$out" ;;
    hey) hey -z "${seconds}s" -c "$clients" -t 120 -m POST -T "$type" -D "$image" -o csv "$url" >"$out" ;;
    *) echo "unknown LOADGEN $loadgen (wrk, hey)" >&2; exit 2 ;;
  esac
}

# one load point -> one results row: server model concurrency images/s p50 p99 failed
load() {
  local server=$1 model=$2 port=$3 concurrency=$4 image=$5 type=$6 loadgen=$7 out="$WORK/$7-$1-$2-c$4.txt"
  drive "$port" "$loadgen" "$concurrency" "$DURATION" "$image" "$type" "$out"
  "$PY" "$HERE/summarise.py" "$loadgen" "$server" "$model" "$concurrency" "$out" >>"$RESULTS"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for model in $MODELS; do
  case $model in
    mnist)
      dir="$WORK/mnist"
      [ -f "$dir/model.json" ] || bench_java random-model "$dir" 20 10 1,28,28
      image=examples/volumes/mnist-data/heldout/7-6609.png
      type=image/png
      loadgen=${LOADGEN:-wrk}
      ;;
    resnet50)
      dir="$WORK/resnet50"
      [ -f "$dir/model.json" ] || bench_java random-model "$dir" 50 1000 3,224,224
      image="$WORK/photo-224.jpg"
      "$PY" -c "from PIL import Image; Image.open('examples/volumes/mnist-data/heldout/3-9925.png').convert('RGB')\
.resize((224, 224), Image.BILINEAR).save('$image', quality=90)"
      type=image/jpeg
      loadgen=${LOADGEN:-hey}
      ;;
    *) echo "unknown model $model (mnist, resnet50)" >&2; exit 2 ;;
  esac
  echo "== $model: in-process references" >&2
  bench_java in-process "$dir" "$image" "$MAX_BATCH" "$DURATION" "$WORKERS" "$WARMUP" | sed "s/^/inprocess\t$model\t/" >>"$RESULTS"
  bench_java export "$dir" "$WORK/$model.npz"
  LOADGENS="${LOADGENS:+$LOADGENS, }$model $loadgen"

  echo "== $model: fovea serve and the Python peer" >&2
  ./fovea serve --model-dir "$dir" --port "$FOVEA_PORT" --max-batch-size "$MAX_BATCH" \
    --max-batch-delay-ms "$MAX_DELAY_MS" --workers "$WORKERS" >"$WORK/fovea-$model.log" 2>&1 &
  PIDS+=($!)
  fovea_pid=$!
  # the peer runs as fovea serve does (fair): the same allocator and OpenMP wait policy (it used 138-153 ms of CPU per
  # ResNet-50 image either way, bench/README.md) and PyTorch's default intra-op threads, one per core
  env "${SERVING_ENV[@]}" PEER_MODEL_DIR="$dir" PEER_WEIGHTS="$WORK/$model.npz" "$VENV/bin/uvicorn" --app-dir "$HERE" peer:app \
    --host 127.0.0.1 --port "$PEER_PORT" --log-level warning --no-access-log >"$WORK/peer-$model.log" 2>&1 &
  PIDS+=($!)
  peer_pid=$!
  await_ping "$FOVEA_PORT"
  await_ping "$PEER_PORT"
  # the same network, weights and preprocessing: the two answers must agree
  curl -sf -H "Content-Type: $type" --data-binary "@$image" "http://127.0.0.1:$FOVEA_PORT/invocations" >"$WORK/fovea-$model.json"
  curl -sf -H "Content-Type: $type" --data-binary "@$image" "http://127.0.0.1:$PEER_PORT/invocations" >"$WORK/peer-$model.json"
  "$PY" "$HERE/summarise.py" agree "$WORK/fovea-$model.json" "$WORK/peer-$model.json" >&2
  # warmed up at the largest concurrency measured, then each point at its own: after a warm-up at 8 clients the JIT
  # compiler still took 0.1 of the 2 cores during the first 32-client point, after one at 32 during the first 1-client
  # point (the lone-request path)
  drive "$FOVEA_PORT" "$loadgen" "$WARMUP_CLIENTS" "$WARMUP" "$image" "$type" /dev/null
  drive "$PEER_PORT" "$loadgen" "$WARMUP_CLIENTS" "$WARMUP" "$image" "$type" /dev/null
  for c in $CONCURRENCY; do
    echo "== $model: concurrency $c ($loadgen)" >&2
    drive "$FOVEA_PORT" "$loadgen" "$c" "$POINT_WARMUP" "$image" "$type" /dev/null
    load fovea "$model" "$FOVEA_PORT" "$c" "$image" "$type" "$loadgen"
    drive "$PEER_PORT" "$loadgen" "$c" "$POINT_WARMUP" "$image" "$type" /dev/null
    load peer "$model" "$PEER_PORT" "$c" "$image" "$type" "$loadgen"
  done
  kill -TERM "$fovea_pid" "$peer_pid"
  wait "$fovea_pid" "$peer_pid" || true
done

echo "$(nproc) cores, tcmalloc $([ -e "$TCMALLOC" ] && echo preloaded || echo "not installed"), $(uname -m), $($JAVA_HOME/bin/java -version 2>&1 | head -1), torch $("$PY" -c 'import torch; print(torch.__version__)')," \
  "fovea serve --max-batch-size $MAX_BATCH --max-batch-delay-ms $MAX_DELAY_MS --workers $WORKERS," \
  "peer ${PEER_MODE:-threadpool}, load generators: $LOADGENS," \
  "${DURATION} s per point; load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" "$HERE/summarise.py" table "$RESULTS"
