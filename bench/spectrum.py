#!/usr/bin/python3
"""Issue 13's sweeps with the defaults (`ttg run --workers 2`, no chunk size given), and the same on Dask.

  bench/spectrum.py [--smoke] [--runs N] [--dask-runs N] [--no-dask] [--only spectrum,slow,eta] [--eta-params N] [--out FILE]

Efficiency is N*W / (2 * wall), wall from the command's start until every result is stored (TTG: `ttg run` exits;
Dask: client.gather returns). The square case reports its wall and its compute time after start (first recorded
completion to the job's finish, read from the store). Figures are medians of the runs; the load average is
recorded next to each, because the machine is shared. Prints a markdown section (and writes it to --out).
"""
import argparse
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TTG = os.path.join(ROOT, "artifacts", "ttg", "ttg")
DASK = os.path.join(ROOT, "bench", "dask_sweep.py")

FULL = [(1_000_000, 0.0), (200_000, 0.1), (20_000, 1.0), (2_000, 10.0), (200, 100.0), (300, 100.0), (30, 1000.0)]
SMOKE = [(20_000, 0.0), (2_000, 0.1), (20, 10.0)]
# Dask needs about 1 ms of overhead per task: its cheapest cases run on fewer tasks (efficiency is a rate, so
# comparable), or one run would take many minutes.
DASK_CAP = {0.0: 20_000, 0.1: 20_000}


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def run(cmd, env=None, timeout=900):
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr[-500:]}{done.stdout[-500:]}")
    return time.perf_counter() - started, done.stdout


def store_compute_seconds(db):
    with sqlite3.connect(db) as c:
        first = c.execute("SELECT min(at_ms) FROM pace").fetchone()[0]
        finished = c.execute("SELECT max(finished_ms) FROM jobs").fetchone()[0]
    return None if first is None or finished is None else (finished - first) / 1000.0


def ttg_case(n, w, work):
    db = os.path.join(work, f"s{n}-{w}-{time.monotonic_ns()}.db")
    computation = ["square"] if w == 0 else ["spin", "--work-ms", str(w)]
    wall, _ = run([TTG, "run", *computation, "--params", str(n), "--workers", "2", "--store", db])
    compute = store_compute_seconds(db)
    os.remove(db)
    return wall, compute


def dask_case(n, w):
    count = min(n, DASK_CAP.get(w, n))
    _, out = run([DASK, str(count), str(w), "2"], timeout=1200)
    return float(out.strip().splitlines()[-1]) * n / count  # scaled to the full count at the measured rate


def efficiency(n, w, wall):
    return n * w / 1000.0 / (2 * wall) if w > 0 else None


def spectrum(cases, runs, dask_runs, work, lines):
    lines += ["### Cost spectrum", "",
              "| parameters | W | ideal | TTG wall (min-max) | TTG efficiency | Dask wall | Dask efficiency | TTG ahead by | load avg |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for n, w in cases:
        before = load()
        results = [ttg_case(n, w, work) for _ in range(runs)]
        walls = [r[0] for r in results]
        wall = statistics.median(walls)
        dask = statistics.median([dask_case(n, w) for _ in range(dask_runs)]) if dask_runs else None
        ideal = n * w / 2000.0
        eff = efficiency(n, w, wall)
        deff = efficiency(n, w, dask) if dask else None
        compute = statistics.median([r[1] for r in results if r[1] is not None]) if w == 0 else None
        ttg_eff = f"{eff:.1%}" if eff is not None else f"compute after start {compute:.2f} s"
        lines.append(f"| {n:,} | {'trivial' if w == 0 else f'{w:g} ms'} | {ideal:.1f} s | {wall:.2f} s ({min(walls):.2f}-{max(walls):.2f}) | {ttg_eff} | "
                     + (f"{dask:.1f} s{' (rate of ' + format(DASK_CAP[w], ',') + ' tasks)' if w in DASK_CAP and n > DASK_CAP[w] else ''} | {deff:.1%} | " if dask and deff is not None else
                        f"{dask:.1f} s (rate of {min(n, DASK_CAP.get(w, n)):,} tasks) | - | " if dask else "- | - | ")
                     + (f"{dask / wall:.1f}x" if dask else "-") + f" | {before} / {load()} |")
        print(lines[-1], file=sys.stderr, flush=True)
    lines.append("")


def slow_node_run(n, w, work, speculate):
    """One run: wall from submit to both workers' exit, and the parameters speculation copied (extra work at most)."""
    db = os.path.join(work, f"slow-{time.monotonic_ns()}.db")
    started = time.perf_counter()
    run([TTG, "submit", "spin", "--params", str(n), "--work-ms", str(w), "--job-id", "slow", "--speculate", speculate, "--store", db])
    args = [TTG, "worker", "--job", "slow", "--exit-when-idle", "--concurrency", "1", "--store", db]
    fast = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    slow = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "TTG_SPIN_SLOWDOWN": "10"})
    if fast.wait(900) != 0 or slow.wait(900) != 0:
        raise RuntimeError("a slow-node worker failed")
    wall = time.perf_counter() - started
    with sqlite3.connect(db) as c:
        copies, won, wasted, copied = c.execute("SELECT copies, copies_won, copies_wasted, copied_parameters FROM jobs").fetchone()
    os.remove(db)
    return wall, copies, won, wasted, copied


def slow_node(n, w, runs, work, lines):
    """Two standalone workers, one spinning 10x slower (TTG_SPIN_SLOWDOWN=10): wall vs work / 1.1 workers."""
    ideal = n * w / 1000.0 / 1.1
    lines += ["### A slow node", "",
              f"{n:,} x {w:g} ms on two standalone workers (`--concurrency 1`), one with `TTG_SPIN_SLOWDOWN=10`; ideal for that capacity = work / 1.1 workers = {ideal:.2f} s. "
              "Extra work is the parameters of copied chunks over the job (an upper bound: a losing copy is cancelled when the winner is recorded).", "",
              "| speculation | wall (min-max) | wall / ideal | copies (won, wasted) | extra work at most | load avg |", "| --- | --- | --- | --- | --- | --- |"]
    for speculate in ["off", "on"]:
        before = load()
        results = [slow_node_run(n, w, work, speculate) for _ in range(runs)]
        walls = [r[0] for r in results]
        wall = statistics.median(walls)
        median_run = sorted(results)[len(results) // 2]
        lines.append(f"| {speculate} | {wall:.2f} s ({min(walls):.2f}-{max(walls):.2f}) | {wall / ideal:.2f} | "
                     f"{median_run[1]} ({median_run[2]}, {median_run[3]}) | {median_run[4] / n:.1%} | {before} / {load()} |")
        print(lines[-1], file=sys.stderr, flush=True)
    lines.append("")


def eta_error(n, w, work, lines):
    """
    One run of `ttg run`: the ETA `ttg status` shows at 25/50/75% against the time that was left. Progress is
    watched by reading the store (cheap), and `ttg status` runs only at each mark: a .NET process start every
    0.2 s would take a good share of the two cores from the workers and bend the very rate the ETA estimates.
    """
    db = os.path.join(work, f"eta-{time.monotonic_ns()}.db")
    before = load()
    job = subprocess.Popen([TTG, "run", "spin", "--params", str(n), "--work-ms", str(w), "--workers", "2", "--job-id", "eta", "--store", db],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples, marks = [], [0.25, 0.50, 0.75]
    while job.poll() is None and marks:
        time.sleep(0.1)
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as c:
                row = c.execute("SELECT succeeded + failed FROM jobs WHERE job_id = 'eta'").fetchone()
        except sqlite3.Error:
            continue  # not created yet, or busy for a moment
        if row is None or row[0] / n < marks[0]:
            continue
        done = subprocess.run([TTG, "status", "eta", "--store", db], capture_output=True, text=True)
        at = time.perf_counter()
        m = re.search(r"progress\s+([\d.]+)% .*ETA (\d+):(\d+)(?::(\d+))? \|", done.stdout)
        if m:
            parts = [int(g) for g in m.groups()[1:] if g is not None]
            eta = parts[0] * 3600 + parts[1] * 60 + parts[2] if len(parts) == 3 else parts[0] * 60 + parts[1]
            samples.append((marks.pop(0), float(m.group(1)), eta, at))
    job.wait(900)
    end = time.perf_counter()
    os.remove(db)
    lines += ["### ETA error", "", f"`ttg run spin --params {n:,} --work-ms {w:g} --workers 2`, `ttg status` run once at each mark (ETA shown in whole seconds).", "",
              "| at | progress seen | ETA shown | true remaining | error |", "| --- | --- | --- | --- | --- |"]
    for mark, seen, eta, at in samples:
        true = end - at
        lines.append(f"| {mark:.0%} | {seen:.1f}% | {eta} s | {true:.1f} s | {(eta - true) / true:+.0%} |")
    lines += ["", f"load average {before} / {load()}", ""]
    print("\n".join(lines[-8:]), file=sys.stderr, flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--smoke", action="store_true")
    p.add_argument("--runs", type=int)
    p.add_argument("--dask-runs", type=int)
    p.add_argument("--no-dask", action="store_true")
    p.add_argument("--only", default="spectrum,slow,eta")
    p.add_argument("--out")
    # A minute of work: whole-second ETAs on a 12 s job are too coarse to judge a model at 75%.
    p.add_argument("--eta-params", type=int, default=120_000)
    a = p.parse_args()
    runs = a.runs or (1 if a.smoke else 3)
    dask_runs = 0 if a.no_dask else (a.dask_runs if a.dask_runs is not None else runs)
    only = set(a.only.split(","))
    subprocess.run([os.path.join(ROOT, "ttg"), "--version"], check=True, capture_output=True)  # publishes ttg when stale
    lines = ["## Issue 13 sweeps: defaults against Dask", "",
             f"Generated by `bench/spectrum.py{' --smoke' if a.smoke else ''}` on {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, "
             f"{os.cpu_count()} cores, {runs} TTG run(s) and {dask_runs} Dask run(s) per figure, medians; load average before / after each row.", ""]
    with tempfile.TemporaryDirectory(prefix="ttg-spectrum-") as work:
        if "spectrum" in only:
            spectrum(SMOKE if a.smoke else FULL, runs, dask_runs, work, lines)
        if "slow" in only:
            slow_node(200 if a.smoke else 2_000, 5.0, runs, work, lines)
        if "eta" in only:
            eta_error(2_000 if a.smoke else a.eta_params, 1.0, work, lines)
    text = "\n".join(lines) + "\n"
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    print(text)


if __name__ == "__main__":
    main()
