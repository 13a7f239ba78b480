#!/usr/bin/env bash
# Creates the local kind cluster ttg-sandbox (1 control plane + 3 workers) and waits for its nodes.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/setup-local.sh [--name NAME] [--recreate] [--image NODE_IMAGE]

Creates the kind cluster from deploy/kind/kind-config.yaml and waits until every node is Ready.
Does nothing but report when the cluster already exists.

  --name NAME        cluster name (default: ttg-sandbox)
  --recreate         delete the cluster first if it exists
  --image IMAGE      kind node image, e.g. kindest/node:v1.32.2 (default: kind's default)
  -h, --help         show this help
USAGE
}

die() { echo "error: $*" >&2; exit 1; }

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="ttg-sandbox"
recreate=false
node_image=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    --name) name="${2:?--name needs a value}"; shift 2 ;;
    --recreate) recreate=true; shift ;;
    --image) node_image="${2:?--image needs a value}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

for tool in docker kind kubectl; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done
docker info >/dev/null 2>&1 || die "the Docker engine is not running"

if kind get clusters 2>/dev/null | grep -qx "$name"; then
  if [[ "$recreate" == true ]]; then
    echo "==> Deleting existing kind cluster $name"
    kind delete cluster --name "$name"
  else
    echo "==> kind cluster $name already exists"
    kubectl config use-context "kind-$name" >/dev/null
    kubectl get nodes -o wide
    exit 0
  fi
fi

create_args=(create cluster --name "$name" --config "$repo_root/deploy/kind/kind-config.yaml" --wait 180s)
[[ -n "$node_image" ]] && create_args+=(--image "$node_image")

echo "==> Creating kind cluster $name (1 control plane, 3 workers)"
kind "${create_args[@]}"
kubectl config use-context "kind-$name" >/dev/null
kubectl wait --for=condition=Ready nodes --all --timeout=180s
echo "==> Cluster ready"
kubectl get nodes -o wide
echo
echo "Next: scripts/build.sh --version 0.1.0 --load-kind"
