#!/usr/bin/env bash
# The seed's fault-tolerance demo on Kubernetes: Redis + 3 queue workers, a parameter sweep, one
# worker force-deleted at 30 %, and the sweep still reaching 100 %.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/run-demo.sh [--scale small|medium|large] [--fault-demo] [--monitor cli|none]
                           [--overlay kind|aks] [--kill-at PERCENT] [--version X] [--skip-build]
                           [--keep] [--timeout SECONDS]

  --scale S          small  = 10,000 parameters, 10 ms each (100 chunks)       (default)
                     medium = 100,000 parameters, 2 ms each (1,000 chunks)
                     large  = 1,000,000 parameters, 1 ms each (10,000 chunks)
  --fault-demo       force-delete one worker pod when the sweep passes --kill-at percent
  --kill-at P        progress at which to kill a worker (default: 30)
  --monitor M        cli: stream `ttg watch` (the ttg-submit Job's watch container); none: quiet
  --overlay O        kind (default; creates ttg-sandbox and loads the image if needed) or aks
  --version X        image version to build (default: from Directory.Build.props)
  --skip-build       do not build/load the image (kind) - it must already be in the cluster
  --keep             leave everything running afterwards (default: scripts/cleanup.sh --keep-cluster)
  --timeout S        give up after S seconds (default: 1800)
  -h, --help         show this help

Steps: verify the cluster, deploy Redis, submit the sweep (Job ttg-submit), start 3 workers
(Job ttg-computation), optionally kill one at 30 %, follow to 100 %, clean up.
USAGE
}

die() { echo "error: $*" >&2; exit 1; }
step() { printf '\n==> %s\n' "$*"; }

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scale="small"
fault_demo=false
kill_at=30
monitor="cli"
overlay="kind"
version=""
skip_build=false
keep=false
timeout=1800
cluster="ttg-sandbox"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale) scale="${2:?--scale needs a value}"; shift 2 ;;
    --fault-demo) fault_demo=true; shift ;;
    --kill-at) kill_at="${2:?--kill-at needs a value}"; shift 2 ;;
    --monitor) monitor="${2:?--monitor needs a value}"; shift 2 ;;
    --overlay) overlay="${2:?--overlay needs a value}"; shift 2 ;;
    --version) version="${2:?--version needs a value}"; shift 2 ;;
    --skip-build) skip_build=true; shift ;;
    --keep) keep=true; shift ;;
    --timeout) timeout="${2:?--timeout needs a value}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

case "$scale" in
  small) params=10000; work_ms=10 ;;
  medium) params=100000; work_ms=2 ;;
  large) params=1000000; work_ms=1 ;;
  *) die "--scale must be small, medium or large" ;;
esac
case "$monitor" in cli|none) ;; *) die "--monitor must be cli or none" ;; esac
case "$overlay" in kind|aks) ;; *) die "--overlay must be kind or aks" ;; esac
if ! [[ "$kill_at" =~ ^[0-9]+$ ]] || (( kill_at < 1 || kill_at > 99 )); then
  die "--kill-at must be 1..99"
fi
[[ "$timeout" =~ ^[0-9]+$ ]] || die "--timeout must be a number of seconds"

command -v kubectl >/dev/null || die "kubectl is not installed"

job_id="sweep-$(date +%Y%m%d-%H%M%S)"
workdir="$(mktemp -d)"
monitor_pid=""
deployed=false
started=$SECONDS

# shellcheck disable=SC2317  # runs from the EXIT trap
finish() {
  local rc=$?
  if [[ -n "$monitor_pid" ]]; then kill "$monitor_pid" 2>/dev/null || true; fi
  rm -rf "$workdir"
  if [[ "$deployed" == false ]]; then
    :
  elif [[ "$keep" == false ]]; then
    step "Cleaning up (scripts/cleanup.sh --keep-cluster)"
    "$repo_root/scripts/cleanup.sh" --keep-cluster || true
  else
    echo "Left running (--keep). Remove with: scripts/cleanup.sh --keep-cluster"
  fi
  exit "$rc"
}
trap finish EXIT

deadline() { (( SECONDS - started < timeout )) || die "timed out after ${timeout}s"; }

# Prints the name of the first pod matching the selector in the given phase (or nothing).
pod_named() {
  local selector="$1" phase="${2:-Running}"
  kubectl get pods -l "$selector" --field-selector "status.phase=$phase" \
    -o jsonpath='{.items[0].metadata.name}' 2>/dev/null || true
}

# Reads the progress of the sweep as a whole percentage from `ttg status JOB`, run inside the
# watch container (which has the image, the Redis URL and network access). Prints nothing when the
# status could not be read (pod gone, job not yet visible).
progress_percent() {
  local pod out
  pod="$(pod_named job-name=ttg-submit)"
  [[ -n "$pod" ]] || return 0
  out="$(kubectl exec "$pod" -c watch -- ttg status "$job_id" 2>/dev/null)" || return 0
  # Accept either "42%" / "42.5 %" or "4200/10000".
  if [[ "$out" =~ ([0-9]+)(\.[0-9]+)?[[:space:]]?% ]]; then
    echo "${BASH_REMATCH[1]}"
  elif [[ "$out" =~ ([0-9]+)[[:space:]]*/[[:space:]]*([0-9]+) ]] && (( BASH_REMATCH[2] > 0 )); then
    echo $(( BASH_REMATCH[1] * 100 / BASH_REMATCH[2] ))
  fi
}

# Waits until the pods of a Job (selector job-name=JOB) exist and have the condition (Ready,
# Initialized, ...); gives up when the Job has failed.
wait_for_pod() {
  local selector="$1" condition="$2"
  until kubectl get pods -l "$selector" -o name 2>/dev/null | grep -q .; do
    deadline; sleep 2
  done
  until kubectl wait --for="condition=$condition" pod -l "$selector" --timeout=10s >/dev/null 2>&1; do
    deadline
    if kubectl get job "${selector#job-name=}" -o jsonpath='{.status.conditions[?(@.type=="Failed")].status}' 2>/dev/null | grep -q True; then
      kubectl get pods -l "$selector"
      die "pod $selector failed; see: kubectl logs -l $selector --all-containers"
    fi
  done
}

# Waits for a Job to finish; returns 0 when Complete, 1 when Failed.
wait_for_job() {
  local job="$1" state
  while true; do
    deadline
    state="$(kubectl get job "$job" -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}' 2>/dev/null || true)"
    case "$state" in
      *Complete*) return 0 ;;
      *Failed*) return 1 ;;
    esac
    sleep 2
  done
}

step "1/6 Verifying infrastructure"
if [[ "$overlay" == kind ]]; then
  command -v kind >/dev/null || die "kind is not installed"
  if ! kind get clusters 2>/dev/null | grep -qx "$cluster"; then
    "$repo_root/scripts/setup-local.sh" --name "$cluster"
  fi
  kubectl config use-context "kind-$cluster" >/dev/null
  if [[ "$skip_build" == false ]]; then
    build_args=(--load-kind --cluster "$cluster")
    [[ -n "$version" ]] && build_args+=(--version "$version")
    "$repo_root/scripts/build.sh" "${build_args[@]}"
  fi
fi
kubectl cluster-info >/dev/null || die "no cluster reachable with context $(kubectl config current-context)"
echo "context: $(kubectl config current-context)"
kubectl get nodes
if kubectl get jobs -l app.kubernetes.io/part-of=ttg -o name 2>/dev/null | grep -q .; then
  # Job templates are immutable: a new run needs new Jobs. Redis and its data stay.
  echo "Removing the Jobs of a previous run"
  kubectl delete jobs -l app.kubernetes.io/part-of=ttg --wait=true >/dev/null
fi

# A throw-away kustomization on top of the overlay gives this run its own job id and scale.
overlay_dir="$repo_root/deploy/k8s/overlays/$overlay"
cat > "$workdir/kustomization.yaml" <<KUSTOMIZATION
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - $(realpath --relative-to="$workdir" "$overlay_dir")
patches:
  - patch: |-
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: ttg-submit
      spec:
        template:
          spec:
            initContainers:
              - name: submit
                env:
                  - {name: TTG_JOB, value: "$job_id"}
                  - {name: TOTAL_PARAMETERS, value: "$params"}
                  - {name: SIMULATE_WORK_MS, value: "$work_ms"}
            containers:
              - name: watch
                env:
                  - {name: TTG_JOB, value: "$job_id"}
KUSTOMIZATION
kubectl kustomize "$workdir" > "$workdir/rendered.yaml"

step "2/6 Deploying Redis (StatefulSet ttg-redis, appendonly, password from Secret ttg-redis-auth)"
deployed=true
kubectl apply -l app.kubernetes.io/component=redis -f "$workdir/rendered.yaml"
kubectl rollout status statefulset/ttg-redis --timeout=300s

step "3/6 Submitting $job_id: $params parameters, ${work_ms} ms each, 100 per chunk"
kubectl apply -l app.kubernetes.io/component=submit -f "$workdir/rendered.yaml"
wait_for_pod job-name=ttg-submit Initialized
echo "submitted: $job_id"

step "4/6 Starting 3 workers (Job ttg-computation)"
kubectl apply -l app.kubernetes.io/component=worker -f "$workdir/rendered.yaml"
wait_for_pod job-name=ttg-computation Ready
kubectl get pods -l app.kubernetes.io/name=ttg-worker -o wide

if [[ "$monitor" == cli ]]; then
  kubectl logs -f "$(pod_named job-name=ttg-submit)" -c watch &
  monitor_pid=$!
fi

if [[ "$fault_demo" == true ]]; then
  step "5/6 Fault demo: a worker will be force-deleted at ${kill_at}%"
  percent=""
  while true; do
    deadline
    percent="$(progress_percent)"
    if [[ -n "$percent" ]] && (( percent >= kill_at )); then break; fi
    if kubectl get job ttg-submit -o jsonpath='{.status.succeeded}' 2>/dev/null | grep -q 1; then
      echo "the sweep finished before ${kill_at}% was observed; use --scale medium for a slower run"
      break
    fi
    sleep 1
  done
  victim="$(pod_named job-name=ttg-computation)"
  if [[ -n "$percent" && -n "$victim" ]]; then
    node="$(kubectl get pod "$victim" -o jsonpath='{.spec.nodeName}')"
    echo ">>> progress ${percent}%: force-deleting worker $victim on $node"
    kubectl delete pod "$victim" --grace-period=0 --force 2>/dev/null || true
  fi
else
  step "5/6 No fault injected (add --fault-demo to kill a worker at ${kill_at}%)"
fi

step "6/6 Following the sweep to 100%"
if wait_for_job ttg-submit; then
  outcome="every parameter has a result"
  rc=0
else
  outcome="FAILED: some parameters failed (kubectl logs job/ttg-submit -c watch)"
  rc=3
fi
wait_for_job ttg-computation || echo "warning: Job ttg-computation did not complete"
[[ -n "$monitor_pid" ]] && { kill "$monitor_pid" 2>/dev/null || true; monitor_pid=""; }

echo
echo "==================== TTG demo summary ===================="
echo "job id      : $job_id"
echo "scale       : $scale ($params parameters)"
echo "fault demo  : $fault_demo"
echo "elapsed     : $(( SECONDS - started ))s"
echo "outcome     : $outcome"
echo "worker pods :"
kubectl get pods -l app.kubernetes.io/name=ttg-worker \
  -o custom-columns=POD:.metadata.name,NODE:.spec.nodeName,PHASE:.status.phase
echo "=========================================================="
exit "$rc"
