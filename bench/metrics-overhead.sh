#!/bin/sh
# Server CPU per manifest GET (regbench cpu/op) with the metrics extension on and off, in
# alternating runs on fresh storage.
# Usage: bench/metrics-overhead.sh ZOT_JAR PLUGINS_DIR OUT [RUNS]
# OPS (default 30000) and WARMUP (default 40000) set the GETs per run. The warm-up is long on
# purpose: the JIT compiler keeps compiling the request path for the first ~30000 GETs (on this
# machine C2 took half the server's CPU after 5000), and what it costs is not what metrics cost.
# It does not settle fully (C2 still recompiles deep Jersey/Jetty frames after type-profile
# deoptimizations), so each run also records the process's CPU and its JIT compiler threads' CPU
# from the start to the end of the timed GETs (ticks-MODE-N.txt); the summary gives CPU per GET
# from those with and without the compiler threads, beside regbench's own figure.
set -eu
jar=$1 plugins=$2 out=$3 runs=${4:-3}
regbench=${REGBENCH:-$(dirname "$0")/../../shared/bench/regbench.py}
mkdir -p "$out"
empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT

# "PROCESS_TICKS JIT_TICKS": CPU of the whole process and of its JIT compiler threads so far
cpu_ticks() { # pid
  jit=0
  for task in /proc/$1/task/*; do
    case $(cat "$task/comm" 2>/dev/null) in
      "C1 Compiler"* | "C2 Compiler"*) jit=$((jit + $(awk '{print $14 + $15}' "$task/stat"))) ;;
    esac
  done
  echo "$(awk '{print $14 + $15}' "/proc/$1/stat") $jit"
}

run() { # mode index
  mode=$1 i=$2 work=$(mktemp -d) port=18961 admin=18962
  for p in $port $admin; do
    if ss -Hltn "sport = :$p" | grep -q .; then
      echo "port $p is in use; stop whatever listens there first" >&2; exit 1
    fi
  done
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
    -n "${WARMUP:-40000}" > "$out/warmup-$mode-$i.txt"
  # the process's and the compiler threads' CPU at the start and the end of the timed GETs
  rm -f "$out/$mode-$i.txt" "$out/ticks-$mode-$i.txt" "$out/ticks-$mode-$i.end"
  nice -n 19 python3 -u "$regbench" run "http://127.0.0.1:$port" -w pull-manifest -c 4 \
    -n "${OPS:-30000}" --warmup 1 --server-pid $pid --json "$out/$mode-$i.json" 2>&1 |
    while IFS= read -r line; do
      printf '%s\n' "$line" >> "$out/$mode-$i.txt"
      case $line in
        "[pull-manifest] run:"*) cpu_ticks $pid > "$out/ticks-$mode-$i.txt" ;;
        "pull-manifest "*)
          if [ -s "$out/ticks-$mode-$i.txt" ] && [ ! -f "$out/ticks-$mode-$i.end" ]; then
            cpu_ticks $pid > "$out/ticks-$mode-$i.end"
          fi ;;
      esac
    done
  cat "$out/ticks-$mode-$i.txt" "$out/ticks-$mode-$i.end" | tr '\n' ' ' |
    awk '{print $3 - $1, $4 - $2}' > "$out/ticks-$mode-$i.tmp"
  mv "$out/ticks-$mode-$i.tmp" "$out/ticks-$mode-$i.txt"
  rm -f "$out/ticks-$mode-$i.end"
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
# CPU per GET: regbench's figure to four decimals (its compare table rounds to two), and from
# the tick counts of the timed GETs, of the whole process and without the JIT compiler threads.
python3 - "$out" <<'PY'
import glob, json, os, statistics, sys
out = sys.argv[1]
hz = os.sysconf("SC_CLK_TCK")
rows = {}
for mode in ("off", "on"):
    for ticks in sorted(glob.glob(f"{out}/ticks-{mode}-*.txt")):
        run = ticks.rsplit("-", 1)[1][:-4]
        total, jit = map(int, open(ticks).read().split())
        result = [r for r in json.load(open(f"{out}/{mode}-{run}.json"))["results"]
                  if not r.get("warmup")][0]
        ok = result["ok"]
        rows.setdefault(mode, []).append((result["cpu"]["server_s"] * 1000 / ok,
                                          total * 1000 / hz / ok, (total - jit) * 1000 / hz / ok))
labels = ("regbench cpu/op", "process CPU per GET", "without the JIT compiler threads")
with open(f"{out}/cpu-per-get.txt", "w") as f:
    def say(line):
        print(line)
        f.write(line + "\n")
    for mode, values in rows.items():
        for k, label in enumerate(labels):
            say(f"metrics {mode}, {label}, ms: median {statistics.median(v[k] for v in values):.4f}"
                " (runs: " + " ".join(f"{v[k]:.4f}" for v in values) + ")")
    if len(rows) == 2:
        for k, label in enumerate(labels):
            off = statistics.median(v[k] for v in rows["off"])
            on = statistics.median(v[k] for v in rows["on"])
            say(f"metrics on/off, {label} (medians): {on / off:.3f}")
PY
