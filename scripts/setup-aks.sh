#!/usr/bin/env bash
# Creates the Azure side of TTG: resource group, container registry, AKS cluster with the registry
# attached, kubectl credentials and the Redis password Secret.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/setup-aks.sh [options]

  --resource-group NAME   (default: ttg-rg)
  --location LOCATION     (default: westeurope)
  --acr NAME              registry name, globally unique, 5-50 letters/digits (default: ttgacr)
  --cluster NAME          AKS cluster name (default: ttg-aks)
  --node-count N          (default: 3)
  --node-vm-size SIZE     (default: Standard_D2s_v5)
  --kubernetes-version V  (default: AKS's default)
  --dry-run               print the az/kubectl commands instead of running them
  -h, --help              show this help

Then: scripts/build.sh --version 0.1.0 --push <acr>.azurecr.io, set the image in
deploy/k8s/overlays/aks/kustomization.yaml and run scripts/run-demo.sh --overlay aks.
USAGE
}

die() { echo "error: $*" >&2; exit 1; }

resource_group="ttg-rg"
location="westeurope"
acr="ttgacr"
cluster="ttg-aks"
node_count=3
node_vm_size="Standard_D2s_v5"
k8s_version=""
dry_run=false

while [[ $# -gt 0 ]]; do
  case "$1" in
    --resource-group) resource_group="${2:?--resource-group needs a value}"; shift 2 ;;
    --location) location="${2:?--location needs a value}"; shift 2 ;;
    --acr) acr="${2:?--acr needs a value}"; shift 2 ;;
    --cluster) cluster="${2:?--cluster needs a value}"; shift 2 ;;
    --node-count) node_count="${2:?--node-count needs a value}"; shift 2 ;;
    --node-vm-size) node_vm_size="${2:?--node-vm-size needs a value}"; shift 2 ;;
    --kubernetes-version) k8s_version="${2:?--kubernetes-version needs a value}"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

[[ "$acr" =~ ^[a-zA-Z0-9]{5,50}$ ]] || die "--acr must be 5-50 letters or digits"
[[ "$node_count" =~ ^[1-9][0-9]*$ ]] || die "--node-count must be a positive number"

run() {
  echo "+ $*"
  if [[ "$dry_run" == false ]]; then "$@"; fi
}

if [[ "$dry_run" == false ]]; then
  command -v az >/dev/null || die "the Azure CLI (az) is not installed"
  command -v kubectl >/dev/null || die "kubectl is not installed"
  az account show >/dev/null 2>&1 || die "not logged in: run az login"
fi

echo "==> Resource group $resource_group in $location"
run az group create --name "$resource_group" --location "$location" --output table

echo "==> Container registry $acr"
run az acr create --resource-group "$resource_group" --name "$acr" --sku Basic --output table

echo "==> AKS cluster $cluster ($node_count x $node_vm_size, Azure CNI + Calico network policy)"
aks_args=(aks create --resource-group "$resource_group" --name "$cluster"
  --node-count "$node_count" --node-vm-size "$node_vm_size"
  --network-plugin azure --network-policy calico
  --enable-managed-identity --generate-ssh-keys --output table)
[[ -n "$k8s_version" ]] && aks_args+=(--kubernetes-version "$k8s_version")
run az "${aks_args[@]}"

echo "==> Attaching $acr to $cluster (AcrPull for the kubelet identity)"
run az aks update --resource-group "$resource_group" --name "$cluster" --attach-acr "$acr" --output none

echo "==> kubectl credentials"
run az aks get-credentials --resource-group "$resource_group" --name "$cluster" --overwrite-existing
run kubectl get nodes -o wide

echo "==> Redis password Secret ttg-redis-auth (random, kept only in the cluster)"
if [[ "$dry_run" == false ]] && kubectl get secret ttg-redis-auth >/dev/null 2>&1; then
  echo "already exists - kept"
else
  if [[ "$dry_run" == false ]]; then
    password="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
  else
    password="<random>"
  fi
  run kubectl create secret generic ttg-redis-auth --from-literal="password=$password"
  run kubectl label secret ttg-redis-auth app.kubernetes.io/part-of=ttg \
    app.kubernetes.io/name=ttg-redis app.kubernetes.io/component=redis
fi

login_server="$acr.azurecr.io"
cat <<NEXT

==> AKS ready. Next:
  scripts/build.sh --version 0.1.0 --push $login_server
  # in deploy/k8s/overlays/aks/kustomization.yaml set: newName: $login_server/ttg-worker
  scripts/run-demo.sh --overlay aks --scale small --fault-demo --monitor cli
NEXT
