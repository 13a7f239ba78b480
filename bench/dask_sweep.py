#!/usr/bin/python3
"""Dask's default use for one sweep case, as its docs show it: a LocalCluster of N worker processes (one thread
each) and client.map with one task per parameter. Prints the wall time from this script's start (cluster start-up
included, as TTG's figure includes its own) until every result is in hand, in seconds. Runs with Debian's python3-distributed.

usage: dask_sweep.py PARAMS WORK_MS [WORKERS]
"""
import sys
import time

started = time.perf_counter()

from dask.distributed import Client, LocalCluster  # noqa: E402  (imports count toward the wall time)


def spin(index, work_ms):
    # Busy arithmetic for work_ms of CPU, as TTG's spin does; result sqrt(index).
    end = time.perf_counter() + work_ms / 1000.0
    accumulator = index + 1.0
    while time.perf_counter() < end:
        for i in range(64):
            accumulator = (accumulator * 1.000001 + i) ** 0.5
    return index ** 0.5


def square(index, work_ms):  # same signature as spin; work_ms unused
    return index * index


def main():
    params, work_ms = int(sys.argv[1]), float(sys.argv[2])
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    compute = square if work_ms == 0 else spin
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        futures = client.map(compute, range(params), work_ms=work_ms, pure=False)
        results = client.gather(futures)
        # Every result is in hand here; the cluster's shutdown after it is not counted.
        wall = time.perf_counter() - started
    assert len(results) == params
    print(f"{wall:.3f}")


if __name__ == "__main__":
    main()
