#!/usr/bin/env bash
# GC's cost to pulls running meanwhile (issue 3): a store of 10,000 referenced blobs (10
# repositories of 1,000 layers, written straight into zot's layout), served with GC running
# back to back (gc on, gcInterval 200ms: every run examines all 10,000 blobs and removes nothing)
# and with gc off, alternating; regbench pull-1M at concurrency 4 measures server CPU per pull
# (cpu/op) in each. Prints the GC runs' own log lines too. Everything on 127.0.0.1.
#
#   bench/gc-overhead.sh [RUNS]      (default 3 runs per mode; needs the shaded jar)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${JAR:-$here/../zot-service/target/zot-service.jar}
regbench=${REGBENCH:-$here/../../shared/bench/regbench.py}
runs=${1:-3}
work=$(mktemp -d "${BENCH_DIR:-/tmp}/zot-gc-bench-XXXXXX")
pid=
trap '[[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

# 10 repositories x 1,000 distinct 1 KiB layers, each repository's layers listed by one tagged
# manifest, so GC examines every blob and may remove none.
python3 - "$work/seed" <<'PY'
import hashlib, json, os, sys
root = sys.argv[1]
config = b'{}'
for r in range(10):
    repo = os.path.join(root, 'gcbench', f'r{r}')
    blobs = os.path.join(repo, 'blobs', 'sha256')
    os.makedirs(blobs)
    def put(data):
        d = hashlib.sha256(data).hexdigest()
        with open(os.path.join(blobs, d), 'wb') as f:
            f.write(data)
        return 'sha256:' + d
    layers = []
    for i in range(1000):
        data = os.urandom(1024)
        layers.append({'mediaType': 'application/vnd.oci.image.layer.v1.tar', 'digest': put(data), 'size': len(data)})
    manifest = json.dumps({'schemaVersion': 2, 'mediaType': 'application/vnd.oci.image.manifest.v1+json',
        'config': {'mediaType': 'application/vnd.oci.image.config.v1+json', 'digest': put(config), 'size': len(config)},
        'layers': layers}).encode()
    md = put(manifest)
    with open(os.path.join(repo, 'oci-layout'), 'w') as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    with open(os.path.join(repo, 'index.json'), 'w') as f:
        json.dump({'schemaVersion': 2, 'manifests': [{'mediaType': 'application/vnd.oci.image.manifest.v1+json',
            'digest': md, 'size': len(manifest), 'annotations': {'org.opencontainers.image.ref.name': 'v1'}}]}, f)
PY

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

one() { # MODE RUN
  local mode=$1 run=$2 dir="$work/$1-$2" port admin gc
  cp -a "$work/seed" "$dir"
  port=$(free_port) admin=$(free_port)
  if [[ $mode == gc ]]; then gc='gc: true
  gcInterval: 200ms'; else gc='gc: false'; fi
  cat >"$dir.yaml" <<YAML
storage:
  rootDirectory: $dir
  $gc
http: {address: 127.0.0.1, port: $port}
log: {level: info}
server:
  adminConnectors: [{type: http, port: $admin, bindHost: 127.0.0.1}]
YAML
  local archive=()
  [[ -f ${jar%.jar}.jsa ]] && archive=("-XX:SharedArchiveFile=${jar%.jar}.jsa")
  java "${archive[@]}" -Xmx256m -jar "$jar" server "$dir.yaml" >"$dir.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/v2/"; do sleep 0.1; done
  sleep 5 # the dedupe index rebuild over the seeded blobs, and GC's first runs
  python3 "$regbench" run "http://127.0.0.1:$port" -w pull-1M -c 4 -n 2000 --warmup 200 \
    --server-pid "$pid" --json "$work/$mode-$run.json" >"$dir.regbench" 2>&1
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  echo "$mode run $run: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=[x for x in d["results"] if not x.get("warmup")][0]; print("cpu/op %.2f ms, %.0f ops/s" % (r["server_cpu_ms_per_op"], r["ops_per_s"]))' "$work/$mode-$run.json")"
  if [[ $mode == gc ]]; then
    echo "  GC runs meanwhile: $(grep -c 'GC: examined' "$dir.log"); last: $(grep 'GC: examined' "$dir.log" | tail -1 | sed 's/.*GC: //')"
  fi
  rm -rf "$dir"
}

for run in $(seq "$runs"); do
  one nogc "$run"
  one gc "$run"
done
python3 "$regbench" median "$work"/nogc-*.json --json "$work/nogc.json" >/dev/null
python3 "$regbench" median "$work"/gc-*.json --json "$work/gc.json" >/dev/null
python3 "$regbench" compare "$work/nogc.json" "$work/gc.json"
