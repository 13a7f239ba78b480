#!/usr/bin/env bash
# Deletes TTG's Kubernetes resources - only objects labelled app.kubernetes.io/part-of=ttg - and, with
# --force, the kind cluster ttg-sandbox. Nothing else is touched.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/cleanup.sh [--dry-run] [--keep-cluster | --force] [-n NAMESPACE | --all-namespaces]

  --dry-run          list what would be deleted, delete nothing
  --keep-cluster     delete every object labelled app.kubernetes.io/part-of=ttg (Jobs, pods, Redis,
                     its PVC and Secret, NetworkPolicy, PDB, KEDA objects); keep the cluster
  --force            the same, then delete the kind cluster ttg-sandbox (never any other cluster)
  --cluster NAME     kind cluster for --force (default: ttg-sandbox)
  -n, --namespace N  namespace (default: the current context's)
  -A, --all-namespaces
  -h, --help         show this help

Without --keep-cluster or --force the script asks before deleting (and refuses without a terminal).
USAGE
}

die() { echo "error: $*" >&2; exit 1; }

selector="app.kubernetes.io/part-of=ttg"
dry_run=false
mode=""
cluster="ttg-sandbox"
ns_args=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) dry_run=true; shift ;;
    --keep-cluster) mode="keep-cluster"; shift ;;
    --force) mode="force"; shift ;;
    --cluster) cluster="${2:?--cluster needs a value}"; shift 2 ;;
    -n|--namespace) ns_args=(--namespace "${2:?--namespace needs a value}"); shift 2 ;;
    -A|--all-namespaces) ns_args=(--all-namespaces); shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

command -v kubectl >/dev/null || die "kubectl is not installed"

# Workloads first so that nothing recreates pods while Redis goes away; PVCs last.
kinds="jobs.batch,deployments.apps,statefulsets.apps,pods,services,networkpolicies.networking.k8s.io"
kinds+=",poddisruptionbudgets.policy,secrets,configmaps,persistentvolumeclaims"

cluster_reachable=false
if kubectl cluster-info >/dev/null 2>&1; then
  cluster_reachable=true
  # KEDA objects exist only where KEDA's CRDs are installed.
  if kubectl api-resources --api-group=keda.sh -o name 2>/dev/null | grep -q '^scaledobjects'; then
    kinds="scaledobjects.keda.sh,triggerauthentications.keda.sh,$kinds"
  fi
fi

kind_cluster_exists=false
if [[ "$mode" == force ]] && command -v kind >/dev/null && kind get clusters 2>/dev/null | grep -qx "$cluster"; then
  kind_cluster_exists=true
fi

echo "==> Context: $(kubectl config current-context 2>/dev/null || echo '<none>')"
echo "==> Objects labelled $selector:"
if [[ "$cluster_reachable" == true ]]; then
  objects="$(kubectl get "$kinds" -l "$selector" "${ns_args[@]}" -o name 2>/dev/null || true)"
  if [[ -n "$objects" ]]; then
    while IFS= read -r line; do echo "    $line"; done <<< "$objects"
  else
    echo "    (none)"
  fi
else
  objects=""
  echo "    (no cluster reachable)"
fi
if [[ "$mode" == force ]]; then
  if [[ "$kind_cluster_exists" == true ]]; then
    echo "==> kind cluster: $cluster"
  else
    echo "==> kind cluster: $cluster (not found)"
  fi
fi

if [[ "$dry_run" == true ]]; then
  echo "==> Dry run: nothing deleted"
  exit 0
fi

if [[ -z "$mode" ]]; then
  [[ -t 0 ]] || die "no terminal to confirm; pass --keep-cluster or --force"
  read -r -p "Delete the objects above? [y/N] " answer
  [[ "$answer" =~ ^[Yy]$ ]] || { echo "Nothing deleted"; exit 0; }
fi

if [[ -n "$objects" ]]; then
  echo "==> Deleting"
  kubectl delete "$kinds" -l "$selector" "${ns_args[@]}" --ignore-not-found --wait=true
fi

if [[ "$mode" == force && "$kind_cluster_exists" == true ]]; then
  echo "==> Deleting kind cluster $cluster"
  kind delete cluster --name "$cluster"
fi
echo "==> Clean"
