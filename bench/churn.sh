#!/usr/bin/env bash
# Worker churn at full scale: the test SqliteTakeoverTests.ManyKilledWorkersHoldingQueuedChunks with 200 SIGKILLs
# instead of the test suite's 60 (each kill costs a worker process start, so 200 take minutes on 2 cores).
#   bench/churn.sh            200 kills
#   bench/churn.sh 500        any other number
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kills="${1:-200}"
case "$kills" in (*[!0-9]*|'') echo "usage: bench/churn.sh [KILLS] (a whole number)" >&2; exit 2 ;; esac
TTG_TEST_CHURN_KILLS="$kills" exec dotnet test "$root/tests/Ttg.Cli.Tests" \
  --filter "FullyQualifiedName~SqliteTakeoverTests.ManyKilledWorkersHoldingQueuedChunks" --logger "console;verbosity=normal"
