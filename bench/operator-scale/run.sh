#!/usr/bin/env bash
# Many jobs at once against the operator (the Fabric8 mock API server, as in the operator's tests): how long until
# every job has its dependents, and the heap afterwards. The run also checks that each job got exactly its own
# objects (ManyJobsTest, which the normal build runs with 20 jobs).
# Usage: bench/operator-scale/run.sh [jobs]   (from the repository root; default 500; needs JDK 21+)
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JOBS=${1:-500}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
./mvnw -B -q -pl operator -am test -Dtest=ManyJobsTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfovea.scale.jobs="$JOBS" >/dev/null
grep -h '\[scale\]' operator/target/surefire-reports/dev.fovea.operator.ManyJobsTest-output.txt
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
