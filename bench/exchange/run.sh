#!/usr/bin/env bash
# Benchmarks the dist_sync gradient exchange on loopback (2 and 4 hosts, ResNet-20- and ResNet-50-sized gradients).
# Usage: bench/exchange/run.sh [steps]   (from the repository root; needs JDK 21+, builds the trainer module first)
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
CP_FILE=$(mktemp)
# one reactor build, so the class path can point at the freshly built fovea-api (the last module writes the file)
./mvnw -B -q -pl trainer-image -am package dependency:build-classpath -DskipTests -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="trainer-image/target/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
exec "$JAVA_HOME/bin/java" -Xmx1g -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED \
  -cp "$CP" bench/exchange/ExchangeBench.java "${1:-10}"
