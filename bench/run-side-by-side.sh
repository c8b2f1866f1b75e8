#!/usr/bin/env bash
# Benchmarks zot-service.jar against CNCF Distribution on this machine, side by side.
#
#   bench/run-side-by-side.sh [options] ZOT_JAR RESULTS_DIR [-- extra regbench run options]
#
# Each run starts each server fresh (empty storage, access logs off), the two alternating:
# startup-to-first-request time, regbench.py run, one small image pushed, wrk GETs of its manifest
# at 16 connections, resident memory sampled from /proc/PID/status; then the server is stopped.
# At the end: regbench.py median per server and compare. Everything listens on 127.0.0.1 only.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: run-side-by-side.sh [options] ZOT_JAR RESULTS_DIR [-- regbench run options]
  -n RUNS          runs per server, alternating (default 3)
  -w WORKLOADS     regbench workloads (default: all)
  -c CONCURRENCY   regbench concurrency levels (default 1,4,16)
  -d SECONDS       wrk duration per measurement (default 15)
  -x HEAP          -Xmx of our server (default 256m, as the README runs it)
  -o SERVER        only one server: distribution or ours (to check the plumbing)
  -u OPS           ops per workload of the discarded warm-up pass before each measured run
                   (push-1M, pull-1M, push-manifest, pull-manifest at concurrency 4;
                   default 300, 0 for none)
  -s STORAGE       where each server start keeps its data: "image" (default when run as root):
                   a fresh ext4 file system with a journal on a loop device (direct I/O) over a
                   sparse file in RESULTS_DIR; "plain": a folder in RESULTS_DIR on whatever file system that is
environment: REGBENCH (default ../shared/bench/regbench.py from the repo root),
  DOCKER_REGISTRY (default /usr/bin/docker-registry), JAVA (default java)
USAGE
}

RUNS=3 WORKLOADS=all CONCURRENCY=1,4,16 WRK_SECONDS=15 HEAP=256m ONLY= WARMUP_OPS=300
STORAGE=image
((EUID == 0)) || STORAGE=plain
while getopts "n:w:c:d:x:o:u:s:h" option; do
  case $option in
    n) RUNS=$OPTARG ;;
    w) WORKLOADS=$OPTARG ;;
    c) CONCURRENCY=$OPTARG ;;
    d) WRK_SECONDS=$OPTARG ;;
    x) HEAP=$OPTARG ;;
    o) ONLY=$OPTARG ;;
    u) WARMUP_OPS=$OPTARG ;;
    s) STORAGE=$OPTARG ;;
    h) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
(($# >= 2)) || { usage >&2; exit 2; }
ZOT_JAR=$(realpath -m "$1")
OUT=$(realpath -m "$2")
shift 2
[[ ${1:-} == -- ]] && shift
EXTRA=("$@")

REPO_ROOT=$(cd "$(dirname "$0")/.." && pwd)
REGBENCH=${REGBENCH:-$REPO_ROOT/../shared/bench/regbench.py}
DOCKER_REGISTRY=${DOCKER_REGISTRY:-/usr/bin/docker-registry}
JAVA=${JAVA:-java}
DIST_PORT=5057
OURS_PORT=8080
OURS_ADMIN_PORT=8081

case $ONLY in
  "") SERVERS=(distribution ours) ;;
  distribution | ours) SERVERS=("$ONLY") ;;
  *) echo "-o takes distribution or ours, not $ONLY" >&2; exit 2 ;;
esac

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { log "$*" >&2; exit 1; }

check_tools() {
  local tool
  for tool in python3 curl wrk "$JAVA" "$DOCKER_REGISTRY"; do
    command -v "$tool" >/dev/null || die "missing $tool (.ci/run installs the Debian packages)"
  done
  [[ -f $REGBENCH ]] || die "regbench.py not found at $REGBENCH (set REGBENCH)"
  case $STORAGE in
    image)
      ((EUID == 0)) || die "-s image mounts a file system: run as root, or use -s plain"
      for tool in mkfs.ext4 losetup mount umount; do
        command -v "$tool" >/dev/null || die "missing $tool for -s image (Debian: e2fsprogs)"
      done
      ;;
    plain) ;;
    *) die "-s takes image or plain, not $STORAGE" ;;
  esac
  if [[ " ${SERVERS[*]} " == *" ours "* ]]; then
    [[ -f $ZOT_JAR ]] || die "no jar at $ZOT_JAR (mvn -B -q package -DskipTests)"
  fi
  ports_free
}

# Dies when another process listens on a port of ours: its answers would be measured instead.
ports_free() {
  local port
  for port in $DIST_PORT $OURS_PORT $OURS_ADMIN_PORT; do
    if ss -Hltn "sport = :$port" | grep -q .; then
      die "port $port is already in use; stop whatever listens there first"
    fi
  done
}

# --- servers -----------------------------------------------------------------------------------

SERVER_PID=
SAMPLER_PID=

stop_server() {
  if [[ -n $SAMPLER_PID ]]; then
    kill "$SAMPLER_PID" 2>/dev/null || true
    wait "$SAMPLER_PID" 2>/dev/null || true
    SAMPLER_PID=
  fi
  [[ -n $SERVER_PID ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local waited=0
  while kill -0 "$SERVER_PID" 2>/dev/null && ((waited < 100)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
trap 'stop_server; release_storage' EXIT

# Storage of one server start. With "image", a fresh ext4 file system with a journal, as on a
# production host: this machine's root file system has none, and ext4 without a journal checks
# every recently freed inode of a group each time it allocates one there, so creating a file
# cost 25 us in one folder and 350-600 us in another, and each run inherited the deletions of
# the run before it (see docs/BENCHMARKS.md). Every start gets a new one; nothing is inherited.
STORAGE_DIR= LOOP_DEVICE=
prepare_storage() { # RUN_DIR
  STORAGE_DIR=$1/data
  release_storage
  STORAGE_DIR=$1/data
  mkdir -p "$STORAGE_DIR"
  if [[ $STORAGE == image ]]; then
    # sparse: only what the run writes takes space; one inode per 256 KiB is plenty for blobs
    truncate -s 96G "$1/fs.img"
    mkfs.ext4 -q -F -i 262144 -E lazy_itable_init=0,lazy_journal_init=0 "$1/fs.img"
    # direct I/O on the image: its blocks are cached once, by the file system on it, as on a
    # disk, not a second time as pages of the image file
    LOOP_DEVICE=$(losetup --direct-io=on --find --show "$1/fs.img")
    mount "$LOOP_DEVICE" "$STORAGE_DIR"
  fi
}

# Drops a server's storage: a full run pushes tens of GiB, and three runs would fill the disk.
release_storage() {
  [[ -n $STORAGE_DIR ]] || return 0
  if mountpoint -q "$STORAGE_DIR"; then
    umount "$STORAGE_DIR" || umount -l "$STORAGE_DIR"
  fi
  if [[ -n $LOOP_DEVICE ]]; then
    losetup -d "$LOOP_DEVICE" || true
    LOOP_DEVICE=
  fi
  rm -rf "$STORAGE_DIR" "${STORAGE_DIR%/data}/fs.img"
  STORAGE_DIR=
}
trap 'exit 130' INT TERM

write_distribution_config() { # DATA_DIR CONFIG
  cat >"$2" <<YML
version: 0.1
log: {level: warn, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $1}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$DIST_PORT}
YML
}

write_our_config() { # DATA_DIR CONFIG
  cat >"$2" <<JSON
{
  "distSpecVersion": "1.1.1",
  "storage": {"rootDirectory": "$1"},
  "http": {"address": "127.0.0.1", "port": "$OURS_PORT"},
  "log": {"level": "info"}
}
JSON
}

# Starts SERVER with fresh storage under RUN_DIR; sets SERVER_PID and BASE_URL.
start_server() { # SERVER RUN_DIR
  local server=$1 dir=$2
  ports_free
  prepare_storage "$dir"
  case $server in
    distribution)
      write_distribution_config "$dir/data" "$dir/config.yml"
      BASE_URL=http://127.0.0.1:$DIST_PORT
      STARTED_NS=$(date +%s%N)
      "$DOCKER_REGISTRY" serve "$dir/config.yml" >"$dir/server.log" 2>&1 &
      ;;
    ours)
      write_our_config "$dir/data" "$dir/config.json"
      BASE_URL=http://127.0.0.1:$OURS_PORT
      STARTED_NS=$(date +%s%N)
      # as the README runs it: with the class-data archive the build writes beside the jar
      local archive=()
      [[ -f ${ZOT_JAR%.jar}.jsa ]] && archive=("-XX:SharedArchiveFile=${ZOT_JAR%.jar}.jsa")
      "$JAVA" "${archive[@]}" "-Xmx$HEAP" -jar "$ZOT_JAR" server "$dir/config.json" \
        >"$dir/server.log" 2>&1 &
      ;;
  esac
  SERVER_PID=$!
  sample_memory "$SERVER_PID" "$dir/rss.tsv" &
  SAMPLER_PID=$!
}

# Waits for the first answer to GET /v2/ (200, or 401 with auth on); prints milliseconds.
wait_first_request() { # RUN_DIR
  local code deadline=$((SECONDS + 90))
  while ((SECONDS < deadline)); do
    kill -0 "$SERVER_PID" 2>/dev/null || die "server exited at start; see $1/server.log"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE_URL/v2/" || true)
    if [[ $code == 200 || $code == 401 ]]; then
      echo $((($(date +%s%N) - STARTED_NS) / 1000000))
      return 0
    fi
    sleep 0.02
  done
  die "no answer from $BASE_URL/v2/ within 90 s; see $1/server.log"
}

# One line per second: seconds since start, VmRSS in kB.
sample_memory() { # PID FILE
  local pid=$1 file=$2 start=$SECONDS
  printf 'second\tvmrss_kb\n' >"$file"
  while [[ -r /proc/$pid/status ]]; do
    awk -v t=$((SECONDS - start)) '/^VmRSS:/ {print t "\t" $2}' "/proc/$pid/status" \
      >>"$file" 2>/dev/null || true
    sleep 1
  done
}

peak_memory_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo -; }

# --- workloads ---------------------------------------------------------------------------------

# Pushes one small OCI image (config, one layer, manifest) as bench/wrk:v1; prints the
# manifest URL.
push_small_image() {
  python3 - "$BASE_URL" <<'PY'
import hashlib, json, sys, urllib.parse, urllib.request

base, repo = sys.argv[1], "bench/wrk"

def push_blob(data):
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    post = urllib.request.Request(f"{base}/v2/{repo}/blobs/uploads/", method="POST", data=b"")
    with urllib.request.urlopen(post) as response:
        location = urllib.parse.urljoin(base, response.headers["Location"])
    sep = "&" if "?" in location else "?"
    put = urllib.request.Request(f"{location}{sep}digest={digest}", method="PUT", data=data,
                                 headers={"Content-Type": "application/octet-stream"})
    urllib.request.urlopen(put).close()
    return {"digest": digest, "size": len(data)}

config = json.dumps({"architecture": "amd64", "os": "linux",
                     "rootfs": {"type": "layers", "diff_ids": []}}).encode()
layer = bytes(range(256)) * 64
manifest = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", **push_blob(config)},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                **push_blob(layer)}],
}
url = f"{base}/v2/{repo}/manifests/v1"
put = urllib.request.Request(url, method="PUT", data=json.dumps(manifest).encode(),
                             headers={"Content-Type": manifest["mediaType"]})
urllib.request.urlopen(put).close()
print(url)
PY
}

run_wrk() { # MANIFEST_URL OUTPUT
  wrk -t 2 -c 16 -d "${WRK_SECONDS}s" --latency \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' "$1" >"$2"
}

one_run() { # SERVER RUN
  local server=$1 run=$2 dir="$OUT/work/$1" ms url peak
  mkdir -p "$dir"
  log "$server run $run: starting"
  start_server "$server" "$dir"
  ms=$(wait_first_request "$dir")
  log "$server run $run: first request answered after $ms ms"
  printf '%s\t%s\t%s\n' "$server" "$run" "$ms" >>"$OUT/startup.tsv"

  # Before measuring, both servers get the same short warm-up pass of small pushes, pulls and
  # manifest reads (discarded): a JVM compiles its hot paths in its first seconds of traffic,
  # and a registry in service is past them. It changes nothing for Distribution.
  if ((WARMUP_OPS > 0)); then
    python3 "$REGBENCH" run "$BASE_URL" -w push-1M,pull-1M,push-manifest,pull-manifest \
      -c 4 -n "$WARMUP_OPS" --tags 50 >"$OUT/warmup-$server-run$run.txt" 2>&1 \
      || log "$server run $run: the warm-up pass reported errors; going on"
  fi
  local warmup=()
  [[ " ${EXTRA[*]-} " == *" --warmup "* ]] || warmup=(--warmup 1)
  python3 "$REGBENCH" run "$BASE_URL" --server-pid "$SERVER_PID" -w "$WORKLOADS" \
    -c "$CONCURRENCY" "${warmup[@]}" ${EXTRA[@]+"${EXTRA[@]}"} \
    --json "$OUT/$server-run$run.json" | tee "$OUT/$server-run$run.txt" \
    || log "$server run $run: regbench reported errors (see the err column); going on"

  # A failed wrk step is reported and the run goes on: it must not lose the regbench runs.
  if url=$(push_small_image) && run_wrk "$url" "$OUT/wrk-$server-run$run.txt"; then
    log "$server run $run: wrk $(grep -h 'Requests/sec' "$OUT/wrk-$server-run$run.txt")"
  else
    log "$server run $run: the wrk measurement failed"
  fi

  peak=$(peak_memory_kb)
  stop_server
  release_storage
  cp "$dir/rss.tsv" "$OUT/rss-$server-run$run.tsv"
  cp "$dir/server.log" "$OUT/server-$server-run$run.log"
  printf '%s\t%s\t%s\t%s\n' "$server" "$run" "$peak" \
    "$(awk 'NR > 1 {print $2}' "$OUT/rss-$server-run$run.tsv" | sort -n | tail -1)" \
    >>"$OUT/memory.tsv"
}

summarise() {
  local server files
  for server in "${SERVERS[@]}"; do
    files=("$OUT/$server"-run*.json)
    python3 "$REGBENCH" median "${files[@]}" --json "$OUT/$server-median.json" \
      >"$OUT/$server-median.txt"
  done
  if ((${#SERVERS[@]} == 2)); then
    python3 "$REGBENCH" compare "$OUT/distribution-median.json" "$OUT/ours-median.json" \
      --label-a distribution --label-b ours | tee "$OUT/compare.txt"
  fi
  {
    printf 'server\trun\trequests_per_s\n'
    for file in "$OUT"/wrk-*-run*.txt; do
      local name=${file##*/wrk-}
      name=${name%.txt}
      printf '%s\t%s\t%s\n' "${name%-run*}" "${name##*-run}" \
        "$(awk '/Requests\/sec/ {print $2}' "$file")"
    done
  } >"$OUT/wrk.tsv"
  log "startup to first request, ms:"
  cat "$OUT/startup.tsv"
  log "memory, kB (VmHWM and the highest VmRSS sample):"
  cat "$OUT/memory.tsv"
  log "wrk manifest GETs at 16 connections:"
  cat "$OUT/wrk.tsv"
  log "results in $OUT"
}

main() {
  check_tools
  mkdir -p "$OUT"
  rm -f "$OUT"/*-run*.json "$OUT"/wrk-*.txt
  printf 'server\trun\tstartup_ms\n' >"$OUT/startup.tsv"
  printf 'server\trun\tvmhwm_kb\tmax_vmrss_kb\n' >"$OUT/memory.tsv"
  {
    echo "date: $(date -Is)"; echo "host: $(uname -srm), $(nproc) cores"
    echo "java: $("$JAVA" -version 2>&1 | head -1)"; echo "heap: -Xmx$HEAP"
    echo "distribution: $("$DOCKER_REGISTRY" --version 2>&1 | head -1)"
    echo "runs: $RUNS, workloads: $WORKLOADS, concurrency: $CONCURRENCY, wrk: ${WRK_SECONDS}s"
    echo "storage: $STORAGE"
  } >"$OUT/environment.txt"

  local run server
  for ((run = 1; run <= RUNS; run++)); do
    for server in "${SERVERS[@]}"; do
      one_run "$server" "$run"
    done
  done
  rm -rf "$OUT/work"
  summarise
}

main
