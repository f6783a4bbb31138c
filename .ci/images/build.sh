#!/usr/bin/env bash
# Builds the operator image and the CPU trainer image from their recipes, daemonlessly (buildah bud --isolation
# chroot), on the offline base of base.sh, and exports each one for the e2e image test: OUT/<name>/rootfs (the root
# filesystem) and OUT/<name>/image.json (buildah inspect: environment, user, working directory, command).
# Usage: .ci/images/build.sh OUT   (after ./mvnw package of operator and cli; needs root and buildah)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${1:?usage: build.sh OUT}
# A tag of this run's own (removed once exported), so that runs side by side never share or pile up images; set
# FOVEA_IMAGE_TAG to keep them under that tag.
TAG=${FOVEA_IMAGE_TAG:-run-$$}

log() { echo "build.sh: [${SECONDS}s] $*" >&2; }

base=$("$ROOT/.ci/images/base.sh")
log "base image $base"

bud() { # name, recipe, context, extra build args...
  local name=$1 recipe=$2 context=$3
  shift 3
  log "building localhost/$name:$TAG from $recipe"
  buildah bud --isolation chroot --quiet --build-arg BASE_IMAGE="$base" "$@" \
    -f "$ROOT/$recipe" -t "localhost/$name:$TAG" "$ROOT/$context" >/dev/null
}

export_image() { # name: the image's root filesystem and configuration under OUT/<name>
  local name=$1 container mount
  rm -rf "${OUT:?}/$name"
  mkdir -p "$OUT/$name/rootfs"
  container=$(buildah from --pull-never "localhost/$name:$TAG")
  mount=$(buildah mount "$container")
  cp -a "$mount/." "$OUT/$name/rootfs/"
  buildah umount "$container" >/dev/null
  buildah rm "$container" >/dev/null
  buildah inspect --type image "localhost/$name:$TAG" >"$OUT/$name/image.json"
  log "exported localhost/$name:$TAG to $OUT/$name"
}

# Debian bookworm names tcmalloc's package without Ubuntu noble's t64 suffix.
bud fovea-trainer trainer-image/Dockerfile . --build-arg TCMALLOC_PACKAGE=libtcmalloc-minimal4
bud fovea-operator operator/src/main/docker/Dockerfile.jvm operator
mkdir -p "$OUT"
chmod 0755 "$OUT"
export_image fovea-trainer
export_image fovea-operator
if [ -z "${FOVEA_IMAGE_TAG:-}" ]; then
  buildah rmi "localhost/fovea-trainer:$TAG" "localhost/fovea-operator:$TAG" >/dev/null
fi
