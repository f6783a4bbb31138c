#!/usr/bin/env bash
# The offline base image for the recipes' BASE_IMAGE, where public base images cannot be pulled: a Debian bookworm
# minimal root filesystem (debootstrap) with a jlinked Java runtime at /opt/java/openjdk, laid out as in the
# eclipse-temurin images (JAVA_HOME, java on the PATH). Its apt sources point at Debian's mirror, so the recipes'
# apt-get steps work on it.
#
# Cached outside the clone, keyed by this script's content and the JDK it links: the root filesystem as
# $FOVEA_IMAGE_CACHE/base-<key>.tar (default /var/cache/fovea-images), imported into buildah's store as
# localhost/fovea-base:<key>. Rebuilt only when both are absent. Prints the image name on stdout; logs go to stderr.
# Needs root, debootstrap and buildah (apt-get install debootstrap buildah).
set -euo pipefail

JDK=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
CACHE=${FOVEA_IMAGE_CACHE:-/var/cache/fovea-images}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
# What the trainer and the operator need (jdeps --print-module-deps over their jars and dependencies), plus the
# providers they load by name: jdk.crypto.ec (TLS to S3 and the API server), jdk.naming.dns, jdk.zipfs.
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,\
java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs

log() { echo "base.sh: [${SECONDS}s] $*" >&2; }

key=$( { cat "$0"; cat "$JDK/release"; } | sha256sum | cut -c1-16)
image=localhost/fovea-base:$key
if buildah inspect --type image "$image" >/dev/null 2>&1; then
  echo "$image"
  exit 0
fi

tarball=$CACHE/base-$key.tar
if [ ! -f "$tarball" ]; then
  log "building the base root filesystem ($SUITE from $MIRROR, Java from $JDK) into $tarball"
  mkdir -p "$CACHE"
  work=$(mktemp -d /var/tmp/fovea-base.XXXXXX)
  trap 'rm -rf "$work"' EXIT
  if ! debootstrap --variant=minbase "$SUITE" "$work/rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    exit 1
  fi
  "$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
    --output "$work/rootfs/opt/java/openjdk"
  rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/*
  tar -C "$work/rootfs" --numeric-owner -cf "$tarball.partial" .
  mv "$tarball.partial" "$tarball"
  # Only the newest base is kept: those of earlier versions of this script go.
  for stale in "$CACHE"/base-*.tar; do
    [ "$stale" = "$tarball" ] || rm -f "$stale"
  done
  buildah images --format '{{.Name}}:{{.Tag}}' | grep '^localhost/fovea-base:' | grep -v ":$key\$" \
    | xargs -r buildah rmi >/dev/null || true
fi

log "importing $tarball as $image"
container=$(buildah from scratch)
buildah add --quiet "$container" "$tarball" / >/dev/null
buildah config \
  --env JAVA_HOME=/opt/java/openjdk \
  --env PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env LANG=C.UTF-8 \
  --cmd /bin/bash \
  --label org.opencontainers.image.description="Fovea's offline base: Debian $SUITE minbase + jlinked Java runtime" \
  "$container"
buildah commit --quiet --rm "$container" "$image" >/dev/null
echo "$image"
