#!/usr/bin/env bash
# Runs the benchmark suite (B1–B5) against the real ttg binary and writes docs/benchmarks.md.
#   bench/run.sh                 full suite, 3 runs per figure (about 10-15 minutes on 2 cores)
#   bench/run.sh --smoke         seconds-long sizes, 1 run, writes to a temp file unless --out is given (for CI)
#   bench/run.sh --only B1,B4    some scenarios;  --runs N  repetitions;  --out FILE  where to write
# Needs redis-server on PATH (the suite starts a private one on a free loopback port and stops it by pid).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v redis-server >/dev/null || { echo "redis-server is not on PATH (apt-get install redis-server)" >&2; exit 2; }
out="$root/docs/benchmarks.md"
for arg in "$@"; do
  if [ "$arg" = "--smoke" ]; then out="$(mktemp -d)/benchmarks.md"; fi
done
# Publishes ttg (Release) when its sources changed, exactly as users get it.
"$root/ttg" --version >/dev/null
dotnet build "$root/bench/Ttg.Bench/Ttg.Bench.csproj" -c Release --nologo -v quiet -clp:NoSummary -o "$root/artifacts/bench" >&2
has_out=0
for arg in "$@"; do [ "$arg" = "--out" ] && has_out=1; done
extra=()
[ "$has_out" = 1 ] || extra=(--out "$out")
exec dotnet "$root/artifacts/bench/Ttg.Bench.dll" --ttg "$root/artifacts/ttg/ttg" --notes "$root/bench/benchmarks-notes.md" "${extra[@]}" "$@"
