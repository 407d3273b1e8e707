#!/usr/bin/env bash
# Re-pins the tools/k8s wrapper module to another Kubernetes release, e.g. `pin.sh v1.36.3`.
# k8s.io/kubernetes requires each staging module (k8s.io/api, k8s.io/client-go, ...) at v0.0.0 and
# maps it with a relative replace that Go ignores in a dependency; this script reads that list from
# the release's own go.mod and replaces every one with its published tag (v1.X.Y -> v0.X.Y).
set -euo pipefail
version="${1:?usage: tools/control-plane/pin.sh v1.X.Y}"
[[ "$version" =~ ^v1\.[0-9]+\.[0-9]+$ ]] || { echo "pin.sh: expected a version like v1.36.3, got '$version'" >&2; exit 2; }
staging="v0.${version#v1.}"
cd "$(dirname "${BASH_SOURCE[0]}")/../k8s"
gomod="$(go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')"
[[ -f "$gomod" ]] || { echo "pin.sh: could not download k8s.io/kubernetes@$version" >&2; exit 1; }
modules="$(awk '$1 ~ /^k8s\.io\/[a-z0-9-]+$/ && $2 == "v0.0.0" { print $1 }' "$gomod" | sort -u)"
[[ -n "$modules" ]] || { echo "pin.sh: no v0.0.0 staging requirements found in $gomod" >&2; exit 1; }
for module in $modules; do go mod edit -replace="$module=$module@$staging"; done
go mod edit -require="k8s.io/kubernetes@$version"
go mod tidy
echo "pinned k8s.io/kubernetes $version with $(wc -w <<<"$modules") staging modules at $staging"
