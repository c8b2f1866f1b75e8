#!/usr/bin/env bash
# Build step: a short training run of the shaded jar that records the classes a start-up and
# the first pushes and pulls load into a class-data archive (AppCDS). A JVM started with
# -XX:SharedArchiveFile=zot-service.jsa maps them instead of parsing and verifying them again,
# which takes a second or more off every start-up on a small machine. The archive belongs to
# this exact jar and JVM; with another, the JVM warns and starts without it.
#
#   train-class-archive.sh JAR ARCHIVE
set -euo pipefail
jar=$1 archive=$2
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
work=$(mktemp -d)
pid=
cleanup() {
  [[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/config.json" <<JSON
{"storage": {"rootDirectory": "$work/root"},
 "http": {"address": "127.0.0.1", "port": "0"},
 "log": {"level": "info"}}
JSON
rm -f "$archive"
"$java" -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off -Xmx256m \
  -jar "$jar" server "$work/config.json" >"$work/server.log" 2>&1 &
pid=$!

port=
for _ in $(seq 600); do
  port=$(sed -n 's/.*serving the OCI Distribution API on 127\.0\.0\.1:\([0-9]*\).*/\1/p' \
    "$work/server.log" | head -1)
  [[ -n $port ]] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
[[ -n $port ]] || { echo "training server did not start" >&2; exit 1; }
base=http://127.0.0.1:$port

# the request paths a registry serves most: blob and manifest push, pull, head, lists
layer=$work/layer
head -c 70000 /dev/urandom >"$layer"
digest=sha256:$(sha256sum "$layer" | cut -d' ' -f1)
config='{}'
config_digest=sha256:$(printf %s "$config" | sha256sum | cut -d' ' -f1)
curl -sf -o /dev/null "$base/v2/"
for i in 1 2 3; do
  curl -sf -o /dev/null -X POST --data-binary @"$layer" \
    -H 'Content-Type: application/octet-stream' "$base/v2/train/app$i/blobs/uploads/?digest=$digest"
  curl -sf -o /dev/null -X POST --data-binary "$config" \
    "$base/v2/train/app$i/blobs/uploads/?digest=$config_digest"
  manifest=$(printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%d}]}' \
    "$config_digest" "${#config}" "$digest" 70000)
  curl -sf -o /dev/null -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
    --data-binary "$manifest" "$base/v2/train/app$i/manifests/v1"
  location=$(curl -sf -o /dev/null -D - -X POST "$base/v2/train/app$i/blobs/uploads/" \
    | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  curl -sf -o /dev/null -X PATCH --data-binary @"$layer" "$base$location"
  curl -sf -o /dev/null -X PUT "$base$location&digest=$digest" 2>/dev/null \
    || curl -sf -o /dev/null -X PUT "$base$location?digest=$digest"
  curl -sf -o /dev/null "$base/v2/train/app$i/manifests/v1" \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json'
  curl -sf -o /dev/null -I "$base/v2/train/app$i/blobs/$digest"
  curl -sf -o /dev/null "$base/v2/train/app$i/blobs/$digest"
  curl -sf -o /dev/null -H 'Range: bytes=0-99' "$base/v2/train/app$i/blobs/$digest"
  curl -sf -o /dev/null "$base/v2/train/app$i/tags/list"
  curl -s -o /dev/null "$base/v2/train/app$i/manifests/missing"
done
curl -sf -o /dev/null "$base/v2/_catalog"

kill -TERM "$pid"
wait "$pid" || true
pid=
[[ -s $archive ]] || { echo "no class archive written" >&2; cat "$work/server.log" >&2; exit 1; }
