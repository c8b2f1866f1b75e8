#!/usr/bin/env bash
# Start-up time over a store of N repositories laid out on disk as zot leaves them (each an OCI
# image layout with one tagged image; files hard-linked from one template, so the layout itself
# is quick). Measures, with the shaded jar, the time from launching java to the first answered
# manifest GET and to the first full catalog, on a first start (no dedupe index yet: it is
# rebuilt in the background) and a second start (index complete).
# Usage: storage-startup.sh N [N...]   (JAR=... to choose the jar; BENCH_DIR for the scratch)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${JAR:-$here/../zot-service/target/zot-service.jar}
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
for n in "$@"; do
  dir=$(mktemp -d "${BENCH_DIR:-/tmp}/zot-startup-XXXXXX")
  python3 - "$dir/storage" "$n" <<'PY'
import hashlib, json, os, sys
root, n = sys.argv[1], int(sys.argv[2])
tmpl = os.path.join(os.path.dirname(root), "template")
os.makedirs(os.path.join(tmpl, "blobs/sha256"))
def put(b):
    d = hashlib.sha256(b).hexdigest()
    open(os.path.join(tmpl, "blobs/sha256", d), "wb").write(b)
    return "sha256:" + d
config = b'{"architecture":"amd64","os":"linux"}'
layer = os.urandom(4096)
m = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": put(config),
               "size": len(config)},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": put(layer),
                "size": len(layer)}]}).encode()
md = put(m)
index = {"schemaVersion": 2, "manifests": [{"mediaType":
    "application/vnd.oci.image.manifest.v1+json", "digest": md, "size": len(m),
    "annotations": {"org.opencontainers.image.ref.name": "v1"}}]}
open(os.path.join(tmpl, "index.json"), "w").write(json.dumps(index))
open(os.path.join(tmpl, "oci-layout"), "w").write('{"imageLayoutVersion":"1.0.0"}')
blobs = os.listdir(os.path.join(tmpl, "blobs/sha256"))
for i in range(n):
    repo = os.path.join(root, f"team{i % 100}", f"app{i}")
    os.makedirs(os.path.join(repo, "blobs/sha256"))
    for f in ("index.json", "oci-layout"):
        os.link(os.path.join(tmpl, f), os.path.join(repo, f))
    for b in blobs:
        os.link(os.path.join(tmpl, "blobs/sha256", b), os.path.join(repo, "blobs/sha256", b))
PY
  port=$(free_port)
  admin=$(free_port)
  cat > "$dir/config.yaml" <<YAML
storage: {rootDirectory: "$dir/storage"}
log: {level: info}
server:
  applicationConnectors: [{type: http, port: $port, bindHost: 127.0.0.1}]
  adminConnectors: [{type: http, port: $admin, bindHost: 127.0.0.1}]
  requestLog: {appenders: []}
YAML
  last=$((n - 1))
  for run in first second; do
    start=$(date +%s%N)
    java ${JAVA_OPTS:--Xmx512m} -jar "$jar" server "$dir/config.yaml" > "$dir/$run.log" 2>&1 &
    pid=$!
    until curl -fs -o /dev/null "http://127.0.0.1:$port/v2/team$((last % 100))/app$last/manifests/v1"; do
      sleep 0.02
    done
    manifest=$(( ($(date +%s%N) - start) / 1000000 ))
    count=$(curl -fs "http://127.0.0.1:$port/v2/_catalog?n=$((n + 1))" | jq '.repositories | length')
    catalog=$(( ($(date +%s%N) - start) / 1000000 ))
    until curl -fs -o /dev/null "http://127.0.0.1:$admin/ready"; do sleep 0.1; done
    ready=$(( ($(date +%s%N) - start) / 1000000 ))
    echo "$n repositories, $run start: first manifest GET answered after $manifest ms," \
      "catalog of $count after $catalog ms, ready (dedupe index) after $ready ms"
    kill "$pid"; wait "$pid" || true
  done
  if [[ -n ${KEEP:-} ]]; then echo "kept $dir"; else rm -rf "$dir"; fi
done
