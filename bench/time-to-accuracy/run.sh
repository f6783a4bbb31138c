#!/usr/bin/env bash
# Time to 98% and 99% validation accuracy on MNIST: Fovea with 1 host and with 2 hosts (dist_sync), each through the
# real CLI (`fovea run -f <manifest> --work-dir ...`), against PyTorch eager (torch_mnist.py) with the same data, net
# (ResNet-20) and recipe (batch 128, SGD lr 0.1 momentum 0.9 wd 1e-4, lr x0.1 from epoch LR_STEP, EPOCHS epochs), on
# the same number of threads. Prints a markdown table.
#
#   bench/time-to-accuracy/run.sh            # full MNIST (60,000 / 10,000; fetched once with npm), 3 epochs
#   bench/time-to-accuracy/run.sh --quick    # the repository's 10,000 / 1,000 fixture, 2 epochs (a smoke run)
#
# Options (environment): EPOCHS, LR_STEP (0-based epoch the rate drops at), THREADS (default: all cores; Fovea's
# hosts share them, as local mode divides the cores among its hosts), CONTENDERS (default "fovea-1 fovea-2 torch";
# fovea-N@REV runs git revision REV's Fovea with N hosts), BASELINE=<git revision> (runs fovea-N@REV right before
# each fovea-N in CONTENDERS, for before/after tables under alike load). A revision is built from `git archive` in a
# temporary folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/time-to-accuracy/common.sh

QUICK=false
case "${1:-}" in
  --quick) QUICK=true ;;
  "") ;;
  *) die "unknown argument '$1'; usage: $0 [--quick]" ;;
esac
if $QUICK; then EPOCHS=${EPOCHS:-2}; LR_STEP=${LR_STEP:-1}; else EPOCHS=${EPOCHS:-3}; LR_STEP=${LR_STEP:-2}; fi
THREADS=${THREADS:-$(nproc)}
CONTENDERS=${CONTENDERS:-fovea-1 fovea-2 torch}
if [ -n "${BASELINE:-}" ]; then
  with_baseline=""
  for contender in $CONTENDERS; do
    case "$contender" in
      fovea-1 | fovea-2) with_baseline+=" $contender@$BASELINE" ;;
    esac
    with_baseline+=" $contender"
  done
  CONTENDERS=$with_baseline
fi
REVISIONS=()
for contender in $CONTENDERS; do
  case "$contender" in
    fovea-1 | fovea-2 | torch) ;;
    fovea-1@?* | fovea-2@?*)
      git rev-parse --verify -q "${contender#*@}^{commit}" >/dev/null ||
        die "'${contender#*@}' in contender '$contender' is not a git revision of this repository"
      REVISIONS+=("${contender#*@}")
      ;;
    *) die "unknown contender '$contender' in CONTENDERS; use fovea-1, fovea-2, fovea-1@REV, fovea-2@REV or torch" ;;
  esac
done

require_torch
prepare_cli
CURRENT_CLI=$WORK/cli
REVISION_TMP=$(mktemp -d /tmp/fovea-time-to-accuracy.XXXXXX)
trap 'rm -rf "$REVISION_TMP"' EXIT
for revision in $(printf '%s\n' "${REVISIONS[@]}" | sort -u); do
  echo "building the CLI of $revision" >&2
  mkdir -p "$REVISION_TMP/src-$revision"
  git archive "$revision" | tar -x -C "$REVISION_TMP/src-$revision"
  build_cli "$REVISION_TMP/src-$revision" "$REVISION_TMP/cli-$revision"
done
if $QUICK; then use_fixture_data; else use_full_mnist; fi

RUN=$WORK/time-to-accuracy
rm -rf "$RUN"
mkdir -p "$RUN"
RESULTS=$RUN/results.tsv
: >"$RESULTS"
# Fovea's JVMs see THREADS cores: local mode gives each of its hosts THREADS/hosts intra-op threads
export JAVA_TOOL_OPTIONS="-XX:ActiveProcessorCount=$THREADS"
LOAD_BEFORE=$(load_average)

for contender in $CONTENDERS; do
  case "$contender" in
    fovea-*)
      hosts=${contender#fovea-}
      hosts=${hosts%@*}
      case "$contender" in
        *@*) use_cli "$REVISION_TMP/cli-${contender#*@}" ;;
        *) use_cli "$CURRENT_CLI" ;;
      esac
      write_manifest "$RUN/$contender.yaml" "mnist-$hosts-host" "$hosts" "$EPOCHS" "$LR_STEP" ""
      "$PYTHON" "$BENCH/epoch_clock.py" "$contender" "$RESULTS" "$RUN/$contender.log" -- \
        "${FOVEA[@]}" run -f "$RUN/$contender.yaml" --work-dir "$RUN/$contender" --volume "mnist=$DATA"
      ;;
    torch)
      OMP_NUM_THREADS=$THREADS "$PYTHON" "$BENCH/epoch_clock.py" torch "$RESULTS" "$RUN/torch.log" -- \
        "$PYTHON" "$BENCH/torch_mnist.py" "$DATA/train/train.rec" "$DATA/validation/validation.rec" "$EPOCHS" \
        128 0.1 "$LR_STEP" 0.1 "$THREADS"
      ;;
  esac
done

echo "MNIST $TRAIN_COUNT training images, ResNet-20, batch 128, $EPOCHS epochs, lr 0.1 x0.1 from epoch" \
  "$((LR_STEP + 1)); $THREADS threads, $(nproc) cores; load average before: $LOAD_BEFORE, after: $(load_average)"
"$PYTHON" "$BENCH/summarise.py" "$RESULTS" "$TRAIN_COUNT" 0.98 0.99
