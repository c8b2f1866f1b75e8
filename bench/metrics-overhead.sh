#!/bin/sh
# Server CPU per manifest GET (regbench cpu/op) with the metrics extension on and off, in
# alternating runs on fresh storage.
# Usage: bench/metrics-overhead.sh ZOT_JAR PLUGINS_DIR OUT [RUNS]
# OPS (default 20000) and WARMUP (default 5000) set the GETs per run; short runs are all noise.
set -eu
jar=$1 plugins=$2 out=$3 runs=${4:-3}
regbench=${REGBENCH:-$(dirname "$0")/../../shared/bench/regbench.py}
mkdir -p "$out"
empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT

run() { # mode index
  mode=$1 i=$2 work=$(mktemp -d) port=18961 admin=18962
  cat > "$work/config.yaml" <<YML
storage: {rootDirectory: "$work/storage"}
server:
  applicationConnectors: [{type: http, port: $port, bindHost: 127.0.0.1}]
  adminConnectors: [{type: http, port: $admin, bindHost: 127.0.0.1}]
  requestLog: {appenders: []}
log: {level: warn}
YML
  dir=$empty
  if [ "$mode" = on ]; then
    dir=$plugins
    printf 'extensions:\n  metrics: {}\n' >> "$work/config.yaml"
  fi
  nice -n 19 java -Xmx512m -Dzot.plugins="$dir" -jar "$jar" server "$work/config.yaml" \
    > "$work/log" 2>&1 &
  pid=$!
  tries=0
  until curl -fs "http://127.0.0.1:$port/v2/" > /dev/null; do
    tries=$((tries + 1)); [ $tries -lt 300 ] || { cat "$work/log"; kill $pid; exit 1; }
    sleep 0.2
  done
  nice -n 19 python3 "$regbench" run "http://127.0.0.1:$port" -w pull-manifest -c 4 \
    -n "${OPS:-20000}" --warmup "${WARMUP:-5000}" --server-pid $pid \
    --json "$out/$mode-$i.json" > "$out/$mode-$i.txt"
  kill $pid; wait $pid || true
  rm -rf "$work"
}

i=1
while [ $i -le "$runs" ]; do
  run off $i
  run on $i
  i=$((i + 1))
done
python3 "$regbench" median "$out"/off-*.json --json "$out/off.json" > "$out/off-median.txt"
python3 "$regbench" median "$out"/on-*.json --json "$out/on.json" > "$out/on-median.txt"
python3 "$regbench" compare "$out/off.json" "$out/on.json" --label-a metrics-off \
  --label-b metrics-on | tee "$out/compare.txt"
