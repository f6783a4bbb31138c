# Sourced by run.sh and profile.sh: installs Debian's python3-torch if the system Python lacks it,
# compiles the trainer and copies its classes and the bench scripts into a private $WORK directory
# (removed on exit). Sets PYTHON, WORK, CP and the java_step / torch_step commands.
HERE=bench/training-throughput
# Debian's python3-torch lives in the system interpreter, not in a pyenv/venv one that may come first
PYTHON=${PYTHON:-/usr/bin/python3}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "installing Debian's python3-torch" >&2
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q python3-torch >&2
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# one reactor run, so fovea-api resolves to the reactor's api module (it is never installed in ~/.m2); the last
# module's classpath, the trainer's, is the one the file keeps
./mvnw -B -q -pl trainer-image -am compile dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" \
  -Dmdep.includeScope=runtime >/dev/null
# a private copy of the compiled classes: other builds in this tree may clean target/ while we run
cp -r trainer-image/target/classes "$WORK/trainer-classes"
cp -r api/target/classes "$WORK/api-classes"
cp "$HERE"/*.java "$HERE"/*.py "$WORK/"
CP="$WORK/trainer-classes:$WORK/api-classes:$(cat "$WORK/classpath.txt")"

# fovea_step THREADS args...: one TrainingThroughput.java run (arguments as in its javadoc);
# JAVA_OPTS adds JVM options; CP_PREFIX, a folder of classes that shadow the trainer's, tries a code
# change without rebuilding. The environment (OMP_*, LD_PRELOAD, ...) passes through.
fovea_step() {
  local threads=$1
  shift
  OMP_NUM_THREADS=$threads "$JAVA_HOME/bin/java" -Xmx8g -Dai.djl.offline=true \
    -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn --enable-native-access=ALL-UNNAMED ${JAVA_OPTS:-} \
    -cp "${CP_PREFIX:+$CP_PREFIX:}$CP" "$WORK/TrainingThroughput.java" "$@"
}

# torch_step THREADS depth channels size batch warmup steps [profile.json]: one torch_step.py run
torch_step() {
  local threads=$1
  shift
  OMP_NUM_THREADS=$threads "$PYTHON" "$WORK/torch_step.py" "$1" "$2" "$3" "$4" "$5" "$6" "$threads" "${@:7}"
}
