#!/usr/bin/env bash
# Offline checks of everything under deploy/ and scripts/: renders the overlays, validates every
# object against the Kubernetes/KEDA/Prometheus Operator schemas (unknown fields included), proves that broken manifests
# are rejected, and runs shellcheck. Needs kubectl, node + `npm ci` in deploy/validate, shellcheck.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/validate-deploy.sh [--install]

  --install    run `npm ci` in deploy/validate when its packages are missing (needs the npm registry once),
               and install shellcheck with apt-get when missing and running as root
  -h, --help   show this help

Checks, in order:
  1. kubectl kustomize renders deploy/k8s/overlays/{kind,aks,kind-keda,kind-prometheus}
  2. every rendered object is valid (deploy/validate/validate.mjs)
  3. the broken manifests in deploy/validate/broken/ are rejected
  4. shellcheck scripts/*.sh
USAGE
}

die() { echo "error: $*" >&2; exit 1; }

install=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --install) install=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
validate_dir="$repo_root/deploy/validate"
overlays=(kind aks kind-keda kind-prometheus)

if [[ "$install" == true ]] && ! command -v shellcheck >/dev/null && [[ "$(id -u)" == 0 ]]; then
  echo "==> Installing shellcheck"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck) >/dev/null
fi

for tool in kubectl node shellcheck; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done

models_installed() {
  [[ -d "$validate_dir/node_modules/kubernetes-models" && -d "$validate_dir/node_modules/@kubernetes-models/prometheus-operator" ]]
}
if [[ "$install" == true ]] && ! models_installed; then
  (cd "$validate_dir" && npm ci --no-audit --no-fund)
fi
models_installed || die "run 'npm ci' in deploy/validate (or pass --install) first"

echo "==> 1/4 Rendering overlays"
for overlay in "${overlays[@]}"; do
  count="$(kubectl kustomize "$repo_root/deploy/k8s/overlays/$overlay" | grep -c '^kind: ')"
  echo "    overlays/$overlay: $count objects"
done

echo "==> 2/4 Validating rendered objects"
node "$validate_dir/validate.mjs" --render \
  "${overlays[@]/#/$repo_root/deploy/k8s/overlays/}"

echo "==> 3/4 Broken manifests must be rejected"
for broken in "$validate_dir"/broken/*.yaml; do
  node "$validate_dir/validate.mjs" --expect-failure "$broken"
done

echo "==> 4/4 shellcheck"
shellcheck "$repo_root"/scripts/*.sh
echo "    scripts/*.sh: clean"

echo
echo "deploy validation passed"
