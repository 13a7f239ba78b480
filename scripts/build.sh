#!/usr/bin/env bash
# Builds the ttg-worker image from deploy/docker/Dockerfile, optionally loads it into the kind
# cluster or pushes it to a registry.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/build.sh [--project PATH] [--python] [--version X] [--load-kind] [--cluster NAME]
                        [--push REGISTRY] [--platform P] [--dry-run]

Builds the worker image and tags it ttg-worker:X and ttg-worker:latest.

  --project PATH     a user's own console project (its Program.cs calls TtgCommandLine.RunAsync), inside
                     this repository, published as the image's ttg (default: src/Ttg/Ttg.csproj)
  --python           the image variant with /bin/sh and python3, for --command and --serve jobs
  --dry-run          print the docker command and stop (no Docker needed)
  --version X        image version (default: <Version> from Directory.Build.props)
  --load-kind        load both tags into the kind cluster (default cluster: ttg-sandbox)
  --cluster NAME     kind cluster name for --load-kind (default: ttg-sandbox)
  --push REGISTRY    also tag REGISTRY/ttg-worker:X and push it (for ACR: NAME.azurecr.io;
                     runs `az acr login` first when az is installed)
  --platform P       docker build --platform (default: the local platform), e.g. linux/amd64
  -h, --help         show this help

Example:
  scripts/build.sh --version 0.1.0 --load-kind
USAGE
}

die() { echo "error: $*" >&2; exit 1; }
refuse() { echo "error: $*" >&2; exit 2; }   # bad input: nothing was built

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="ttg-worker"
version=""
load_kind=false
cluster="ttg-sandbox"
registry=""
platform=""
project="src/Ttg/Ttg.csproj"
runtime="chiseled"
dry_run=false

while [[ $# -gt 0 ]]; do
  case "$1" in
    --project) project="${2:?--project needs a path}"; shift 2 ;;
    --python) runtime="python"; shift ;;
    --dry-run) dry_run=true; shift ;;
    --version) version="${2:?--version needs a value}"; shift 2 ;;
    --load-kind) load_kind=true; shift ;;
    --cluster) cluster="${2:?--cluster needs a value}"; shift 2 ;;
    --push) registry="${2:?--push needs a registry}"; shift 2 ;;
    --platform) platform="${2:?--platform needs a value}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

if [[ -z "$version" ]]; then
  version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo_root/Directory.Build.props" | head -n1)"
  [[ -n "$version" ]] || die "no --version given and none found in Directory.Build.props"
fi
[[ "$version" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die "not a valid image tag: $version"

# The project must be inside the build context (this repository); paths are passed relative to it.
project_path="$(cd "$(dirname "$project")" 2>/dev/null && pwd)/$(basename "$project")" || refuse "--project $project: no such folder; give the path of your .csproj file"
[[ -f "$project_path" && "$project_path" == *.csproj ]] || refuse "--project $project: not a .csproj file; give the path of your console project's .csproj"
[[ "$project_path" == "$repo_root"/* ]] || refuse "--project $project: the project must be inside $repo_root (the image's build context); move it there, e.g. to samples/"
project_rel="${project_path#"$repo_root"/}"
project_dir="$(dirname "$project_rel")"

if [[ "$dry_run" == false ]]; then
  command -v docker >/dev/null || die "docker is not installed"
  docker info >/dev/null 2>&1 || die "the Docker engine is not running"
fi

revision="$(git -C "$repo_root" rev-parse HEAD 2>/dev/null || echo unknown)"
source_url="$(git -C "$repo_root" config --get remote.origin.url 2>/dev/null || echo unknown)"
created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

build_args=(
  build
  -f "$repo_root/deploy/docker/Dockerfile"
  -t "$image:$version"
  -t "$image:latest"
  --build-arg "VERSION=$version"
  --build-arg "REVISION=$revision"
  --build-arg "SOURCE=$source_url"
  --build-arg "CREATED=$created"
  --build-arg "PROJECT=$project_rel"
  --build-arg "PROJECT_DIR=$project_dir"
  --build-arg "RUNTIME=$runtime"
)
[[ -n "$platform" ]] && build_args+=(--platform "$platform")

if [[ "$dry_run" == true ]]; then
  printf '%q ' docker "${build_args[@]}" "$repo_root"; echo
  exit 0
fi

echo "==> Building $image:$version from $project_rel (revision ${revision:0:12})"
docker "${build_args[@]}" "$repo_root"
echo "==> Built $image:$version and $image:latest"

if [[ "$load_kind" == true ]]; then
  command -v kind >/dev/null || die "kind is not installed"
  kind get clusters 2>/dev/null | grep -qx "$cluster" \
    || die "kind cluster '$cluster' not found; run scripts/setup-local.sh first"
  echo "==> Loading $image:$version and $image:latest into kind cluster $cluster"
  kind load docker-image "$image:$version" "$image:latest" --name "$cluster"
fi

if [[ -n "$registry" ]]; then
  registry="${registry%/}"
  if [[ "$registry" == *.azurecr.io ]] && command -v az >/dev/null; then
    echo "==> az acr login --name ${registry%%.*}"
    az acr login --name "${registry%%.*}"
  fi
  echo "==> Pushing $registry/$image:$version"
  docker tag "$image:$version" "$registry/$image:$version"
  docker push "$registry/$image:$version"
fi

echo "==> Done: $image:$version"
