#!/usr/bin/env bash
# Prints the input pipeline's images/s per core for each augmentation_type, and the whole ImageDataset's images/s.
# Usage (from the repository root): bench/input-pipeline/run.sh [channel folder with .rec files]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -B -q -pl trainer-image -am package -DskipTests
JAR=$(ls trainer-image/target/fovea-trainer-*.jar | grep -v sources | head -1)
exec "$JAVA_HOME/bin/java" -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED \
  -cp "$JAR:trainer-image/target/lib/*" bench/input-pipeline/InputPipelineBench.java "$@"
