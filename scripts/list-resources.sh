#!/usr/bin/env bash
# Inventory of everything TTG created: Docker images, kind clusters and the Kubernetes objects
# labelled app.kubernetes.io/part-of=ttg. Read-only.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/list-resources.sh [-n NAMESPACE | -A]

Lists the ttg-worker Docker images, the kind cluster ttg-sandbox and every Kubernetes object labelled
app.kubernetes.io/part-of=ttg (with the node each pod runs on). Changes nothing.

  -n, --namespace N    namespace (default: the current context's)
  -A, --all-namespaces
  -h, --help           show this help
USAGE
}

selector="app.kubernetes.io/part-of=ttg"
ns_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -n|--namespace) ns_args=(--namespace "${2:?--namespace needs a value}"); shift 2 ;;
    -A|--all-namespaces) ns_args=(--all-namespaces); shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; echo "error: unknown argument: $1" >&2; exit 1 ;;
  esac
done

section() { printf '\n=== %s ===\n' "$*"; }

section "Docker images (ttg-worker)"
if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  docker images --filter "reference=*ttg-worker*" \
    --format 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}'
else
  echo "(docker not available)"
fi

section "kind clusters"
if command -v kind >/dev/null; then
  clusters="$(kind get clusters 2>/dev/null || true)"
  echo "${clusters:-(none)}"
else
  echo "(kind not installed)"
fi

section "Kubernetes ($(kubectl config current-context 2>/dev/null || echo 'no context'))"
if ! command -v kubectl >/dev/null || ! kubectl cluster-info >/dev/null 2>&1; then
  echo "(no cluster reachable)"
  exit 0
fi

kinds="jobs.batch,deployments.apps,statefulsets.apps,services,networkpolicies.networking.k8s.io"
kinds+=",poddisruptionbudgets.policy,secrets,configmaps,persistentvolumeclaims"
if kubectl api-resources --api-group=keda.sh -o name 2>/dev/null | grep -q '^scaledobjects'; then
  kinds+=",scaledobjects.keda.sh,triggerauthentications.keda.sh"
fi
kubectl get "$kinds" -l "$selector" "${ns_args[@]}" 2>/dev/null || true

section "Pods (node placement)"
kubectl get pods -l "$selector" "${ns_args[@]}" -o wide 2>/dev/null || true
