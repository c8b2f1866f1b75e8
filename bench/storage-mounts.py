#!/usr/bin/env python3
"""Cross-repository mount latency: pushes one blob (100 MiB by default) to repository src/0,
then mounts it into N new repositories (mnt-<run>/r<i>) over the API, one request at a time on
one kept-alive connection, and prints the median, p90 and max of the mount requests. With a
warm-up count, that many mounts into other new repositories go first, unmeasured (a server just
started runs its first mounts through the JIT compiler).

Usage: storage-mounts.py HOST:PORT [mounts=200] [size_mib=100] [warmup=0]
"""
import hashlib
import http.client
import os
import statistics
import sys
import time


def main():
    host, port = sys.argv[1].rsplit(":", 1)
    mounts = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    size = (int(sys.argv[3]) if len(sys.argv) > 3 else 100) << 20
    warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    tag = os.urandom(4).hex()
    blob = os.urandom(size)
    digest = "sha256:" + hashlib.sha256(blob).hexdigest()
    conn = http.client.HTTPConnection(host, int(port), timeout=120)
    conn.request("POST", f"/v2/src-{tag}/blobs/uploads/?digest={digest}", body=blob,
                 headers={"Content-Type": "application/octet-stream"})
    r = conn.getresponse()
    r.read()
    if r.status != 201:
        sys.exit(f"push failed: {r.status}")
    del blob
    for i in range(warmup):
        conn.request("POST", f"/v2/warm-{tag}/r{i}/blobs/uploads/?mount={digest}&from=src-{tag}")
        r = conn.getresponse()
        r.read()
    times = []
    for i in range(mounts):
        start = time.perf_counter()
        conn.request("POST", f"/v2/mnt-{tag}/r{i}/blobs/uploads/?mount={digest}&from=src-{tag}")
        r = conn.getresponse()
        r.read()
        times.append((time.perf_counter() - start) * 1000)
        if r.status != 201:
            sys.exit(f"mount {i} answered {r.status}")
    times.sort()
    print(f"{mounts} mounts of a {size >> 20} MiB blob into new repositories"
          f"{f' after {warmup} unmeasured' if warmup else ''}: "
          f"median {statistics.median(times):.2f} ms, "
          f"p90 {times[int(len(times) * 0.9) - 1]:.2f} ms, max {times[-1]:.2f} ms")


if __name__ == "__main__":
    main()
