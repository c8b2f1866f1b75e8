#!/bin/sh
# Server CPU per manifest GET (regbench cpu/op): an open registry against one with htpasswd
# logins and an access-control section of 100 glob keys, both running, in alternating runs.
# Usage: bench/auth-overhead.sh ZOT_JAR OUT [RUNS]
# OPS (default 10000) and WARMUP (default 2000) set the GETs per run.
set -eu
jar=$1 out=$2 runs=${3:-5}
regbench=${REGBENCH:-$(dirname "$0")/../../shared/bench/regbench.py}
ops=${OPS:-10000} warmup=${WARMUP:-2000}
mkdir -p "$out/open" "$out/auth"

htpasswd -B -b -c "$out/auth/htpasswd" bench bench-secret 2>/dev/null
{
  echo "storage: {rootDirectory: \"$out/auth/storage\"}"
  echo "http:"
  echo "  address: 127.0.0.1"
  echo "  port: 18461"
  echo "  auth: {htpasswd: {path: \"$out/auth/htpasswd\"}}"
  echo "  accessControl:"
  i=0
  while [ $i -lt 99 ]; do
    case $((i % 3)) in
      0) glob="team$i/**" ;;
      1) glob="team$i/*" ;;
      *) glob="proj$i/app-*" ;;
    esac
    echo "    \"$glob\": {policies: [{users: [user$i], actions: [read, create]}],"
    echo "      defaultPolicy: [read]}"
    i=$((i + 1))
  done
  echo "    \"regbench/**\": {policies: [{users: [bench], actions: [read, create, update,"
  echo "      delete]}]}"
  echo "server:"
  echo "  applicationConnectors: [{type: http, port: 18461, bindHost: 127.0.0.1}]"
  echo "  adminConnectors: [{type: http, port: 0, bindHost: 127.0.0.1}]"
  echo "  requestLog: {appenders: []}"
  echo "log: {level: warn}"
} > "$out/auth/config.yaml"
cat > "$out/open/config.yaml" <<YML
storage: {rootDirectory: "$out/open/storage"}
server:
  applicationConnectors: [{type: http, port: 18462, bindHost: 127.0.0.1}]
  adminConnectors: [{type: http, port: 0, bindHost: 127.0.0.1}]
  requestLog: {appenders: []}
log: {level: warn}
YML

nice -n 19 java -Xmx512m -jar "$jar" server "$out/open/config.yaml" > "$out/open/log" 2>&1 &
open=$!
nice -n 19 java -Xmx512m -jar "$jar" server "$out/auth/config.yaml" > "$out/auth/log" 2>&1 &
auth=$!
trap 'kill $open $auth 2>/dev/null || true' EXIT
sleep 10

i=1
while [ "$i" -le "$runs" ]; do
  python3 "$regbench" run http://127.0.0.1:18462 -w pull-manifest -c 4 -n "$ops" \
    --warmup "$warmup" --server-pid "$open" --json "$out/open/run$i.json" > /dev/null
  python3 "$regbench" run http://127.0.0.1:18461 --user bench:bench-secret -w pull-manifest \
    -c 4 -n "$ops" --warmup "$warmup" --server-pid "$auth" --json "$out/auth/run$i.json" \
    > /dev/null
  i=$((i + 1))
done
python3 "$regbench" median "$out"/open/run*.json --json "$out/open.json" > /dev/null
python3 "$regbench" median "$out"/auth/run*.json --json "$out/auth.json" > /dev/null
python3 "$regbench" compare "$out/open.json" "$out/auth.json" --label-a open --label-b auth
