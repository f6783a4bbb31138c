#!/usr/bin/env bash
# A/B runs of environment-level levers on Fovea's training step, interleaved with PyTorch eager as the
# reference: every round runs each variant once, then torch_step.py once, on ResNet-20 3x32x32 batch 64.
# Prints, per variant, the median images/s over ROUNDS and its ratio to the median of the PyTorch runs.
#
#   bench/training-throughput/levers.sh                           # the default variants below
#   THREADS=1 ROUNDS=5 bench/training-throughput/levers.sh
#   VARIANTS=$'baseline:\njemalloc: LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2' .../levers.sh
#
# A variant is "label: NAME=value ..." (environment for the Fovea JVM; JAVA_OPTS=... adds JVM options,
# CP_PREFIX=dir puts classes ahead of the trainer's). A label starting with "torch" runs torch_step.py
# with that environment instead, e.g. "torch + tcmalloc: LD_PRELOAD=...".
set -euo pipefail
cd "$(dirname "$0")/../.."
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-5}
NET=${NET:-20 3 32 64 3 20}  # depth channels size batch warmup steps
LIB=/usr/lib/x86_64-linux-gnu
DEFAULT_VARIANTS="baseline:
tcmalloc: LD_PRELOAD=$LIB/libtcmalloc_minimal.so.4
jemalloc: LD_PRELOAD=$LIB/libjemalloc.so.2
torch + tcmalloc: LD_PRELOAD=$LIB/libtcmalloc_minimal.so.4"
VARIANTS=${VARIANTS:-$DEFAULT_VARIANTS}
source bench/training-throughput/prepare.sh

for preload in $LIB/libjemalloc.so.2 $LIB/libtcmalloc_minimal.so.4; do
  if [[ "$VARIANTS" == *"$preload"* ]] && [ ! -e "$preload" ]; then
    echo "$preload is missing: apt-get install -y libjemalloc2 libtcmalloc-minimal4" >&2
    exit 1
  fi
done

RESULTS="$WORK/levers.tsv"
read -r -a net <<<"$NET"
for round in $(seq "$ROUNDS"); do
  while IFS= read -r variant; do
    label=${variant%%:*}
    echo "round $round: $label ($(cut -d' ' -f1 /proc/loadavg))" >&2
    settings=${variant#*:}
    # shellcheck disable=SC2086  # the variant's assignments are meant to split into words
    ips=$( (if [ -n "${settings// /}" ]; then export $settings; fi
            if [[ "$label" == torch* ]]; then torch_step "$THREADS" "${net[@]}"; else fovea_step "$THREADS" "${net[@]}"; fi) \
          | awk '/^(fovea|torch)\t/ {print $7}')
    printf '%s\t%s\n' "$label" "$ips" >>"$RESULTS"
  done <<<"$VARIANTS"
  printf 'torch\t%s\n' "$(torch_step "$THREADS" "${net[@]}" | cut -f7)" >>"$RESULTS"
done
echo "ResNet-${net[0]} ${net[1]}x${net[2]}x${net[2]} batch ${net[3]}, threads: $THREADS, rounds: $ROUNDS," \
  "$(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PYTHON" - "$RESULTS" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    label, ips = line.rstrip("\n").split("\t")
    runs.setdefault(label, []).append(float(ips))
torch = statistics.median(runs["torch"])
print("| variant | img/s (median) | runs | / torch |")
print("|---|---|---|---|")
for label, values in runs.items():
    median = statistics.median(values)
    print(f"| {label} | {median:.1f} | {' '.join(f'{v:.0f}' for v in values)} | {median / torch:.2f} |")
PY
