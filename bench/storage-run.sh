#!/usr/bin/env bash
# Starts zot-service.jar on a fresh storage root (under $BENCH_DIR, default /tmp) on a free
# port of 127.0.0.1, runs the given command with HOSTPORT set, then stops the server and
# deletes the storage. Usage: storage-run.sh [commit=true|false] -- command args...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${JAR:-$here/../zot-service/target/zot-service.jar}
commit=false
if [[ ${1:-} == commit=* ]]; then commit=${1#commit=}; shift; fi
[[ ${1:-} == -- ]] && shift
dir=$(mktemp -d "${BENCH_DIR:-/tmp}/zot-bench-XXXXXX")
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; [[ -n ${KEEP_LOG:-} ]] && cp "$dir/server.log" "$KEEP_LOG"; rm -rf "$dir"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
admin=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$dir/config.yaml" <<YAML
storage:
  rootDirectory: "$dir/storage"
  commit: $commit
log:
  level: info
server:
  applicationConnectors: [{type: http, port: $port, bindHost: 127.0.0.1}]
  adminConnectors: [{type: http, port: $admin, bindHost: 127.0.0.1}]
  requestLog: {appenders: []}
YAML
java ${JAVA_OPTS:--Xmx512m} -jar "$jar" server "$dir/config.yaml" > "$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/v2/" && break
  sleep 0.1
done
HOSTPORT=127.0.0.1:$port ADMIN=127.0.0.1:$admin "$@"
