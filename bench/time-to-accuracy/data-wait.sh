#!/usr/bin/env bash
# Data-wait share of a real training run: one Fovea host trains ResNet-20 on the MNIST fixture (10,000 images,
# 1x28x28, batch 128) with augmentationType crop_color_transform through `fovea run`, and data_wait.py reads the
# trainer's fovea_data_wait_seconds from its /metrics while it runs. Prints, per epoch and in total, the seconds the
# training loop waited for decoded batches over the seconds of the training pass (goal: below 5%).
#
#   bench/time-to-accuracy/data-wait.sh      # EPOCHS (default 3), THREADS (default: all cores),
#                                            # AUGMENTATION (default crop_color_transform)
#
# crop flips images horizontally, which is wrong for digits; for a throughput measure that does not matter.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/time-to-accuracy/common.sh

EPOCHS=${EPOCHS:-3}
THREADS=${THREADS:-$(nproc)}
AUGMENTATION=${AUGMENTATION:-crop_color_transform}
[ $# -eq 0 ] || die "takes no arguments; set EPOCHS, THREADS or AUGMENTATION in the environment"

prepare_cli
use_fixture_data
RUN=$WORK/data-wait
rm -rf "$RUN"
mkdir -p "$RUN"
write_manifest "$RUN/job.yaml" mnist-data-wait 1 "$EPOCHS" 1 "$AUGMENTATION"
export JAVA_TOOL_OPTIONS="-XX:ActiveProcessorCount=$THREADS"
LOAD_BEFORE=$(load_average)
TABLE=$("$PYTHON" "$BENCH/data_wait.py" "$RUN/work/logs/algo-1.log" "$RUN/console.log" -- \
  "${FOVEA[@]}" run -f "$RUN/job.yaml" --work-dir "$RUN/work" --volume "mnist=$DATA")
echo "ResNet-20, MNIST $TRAIN_COUNT images 1x28x28, batch 128, augmentationType $AUGMENTATION, 1 host," \
  "$THREADS threads, $(nproc) cores; load average before: $LOAD_BEFORE, after: $(load_average)"
echo "$TABLE"
