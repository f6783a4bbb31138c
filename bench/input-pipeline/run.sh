#!/usr/bin/env bash
# Input pipeline throughput: Fovea's decode + resize + augmentation + normalisation, images/s per core for each
# augmentation_type, against torchvision + PIL on the same image files (ratio per row); then the whole ImageDataset's
# images/s. Installs Debian's python3-torchvision and python3-pil if the system Python lacks them.
# Usage (from the repository root): bench/input-pipeline/run.sh [channel folder with .rec files]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
PYTHON=${PYTHON:-/usr/bin/python3}  # Debian's torchvision lives in the system interpreter
HERE=bench/input-pipeline

if ! "$PYTHON" -c 'import torchvision, PIL' 2>/dev/null; then
  echo "installing Debian's python3-torchvision and python3-pil" >&2
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q python3-torchvision \
    python3-pil >&2
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
./mvnw -B -q -pl trainer-image -am package -DskipTests
JAR=$(ls trainer-image/target/fovea-trainer-*.jar | grep -v -e '-sources' -e '-tests' | head -1)
"$JAVA_HOME/bin/java" -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED \
  -cp "$JAR:trainer-image/target/lib/*" "$HERE/InputPipelineBench.java" "${1:-examples/volumes/mnist-data/recordio/train}" \
  "$WORK"
"$PYTHON" "$HERE/torchvision_pipeline.py" "$WORK" >"$WORK/torchvision.tsv"
echo
echo "Per core, Fovea against torchvision $("$PYTHON" -c 'import torchvision; print(torchvision.__version__)') + PIL" \
  "$("$PYTHON" -c 'import PIL; print(PIL.__version__)') on the same files:"
"$PYTHON" - "$WORK/fovea.tsv" "$WORK/torchvision.tsv" <<'PY'
import sys
def rows(path):
    return {(data, level): float(rate) for data, level, rate in (line.rstrip("\n").split("\t") for line in open(path))}
fovea, torchvision = rows(sys.argv[1]), rows(sys.argv[2])
print("| data | augmentation_type | fovea images/s per core | torchvision + PIL images/s per core | ratio |")
print("|---|---|---|---|---|")
for key, rate in fovea.items():
    print(f"| {key[0]} | {key[1]} | {rate:.0f} | {torchvision[key]:.0f} | {rate / torchvision[key]:.2f} |")
PY
