#!/usr/bin/env bash
# Throughput of --serve: a trivial Python function (bench/serve/model.py) behind the JSON-lines protocol, computed by
# standalone `ttg worker` processes, on SQLite (default) or a private redis-server (--redis).
#   bench/serve.sh [--params N] [--workers W] [--chunk-size C] [--async-concurrency A] [--redis] [--runs R]
# Prints one line per run: parameters, wall seconds (submit to the last worker's exit), params/s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
params=1000000 workers=2 chunk=5000 depth=256 runs=3 redis=0
while [ $# -gt 0 ]; do
  case "$1" in
    --params) params=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --chunk-size) chunk=$2; shift 2 ;;
    --async-concurrency) depth=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --redis) redis=1; shift ;;
    *) echo "unknown argument $1; see the header of $0" >&2; exit 2 ;;
  esac
done
command -v python3 >/dev/null || { echo "python3 is not on PATH (apt-get install python3)" >&2; exit 2; }
"$root/ttg" --version >/dev/null
ttg="$root/artifacts/ttg/ttg"
work=$(mktemp -d)
redis_pid=""
cleanup() { [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
if [ "$redis" = 1 ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
side=$(( $(python3 -c "import math; print(math.isqrt($params))") ))
for run in $(seq 1 "$runs"); do
  if [ "$redis" = 1 ]; then backend=(--redis "redis://127.0.0.1:$port"); else backend=(--store "$work/run$run.db"); fi
  start=$(date +%s.%N)
  job=$("$ttg" submit --serve "python3 $root/bench/serve/model.py" --grid "x=0:1:$side,y=0:1:$side" \
    --chunk-size "$chunk" --async-concurrency "$depth" "${backend[@]}" 2>/dev/null)
  pids=()
  for w in $(seq 1 "$workers"); do
    "$ttg" worker --job "$job" --exit-when-idle --concurrency 1 --worker-id "w$w" "${backend[@]}" >"$work/w$w.log" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  end=$(date +%s.%N)
  python3 -c "n=$side*$side; t=$end-$start; print(f'run $run: {n:,} parameters in {t:.2f} s = {n/t:,.0f} params/s')"
done
