#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok from the
# Go module proxy (never from release archives) into $AI4ALL_BIN (default .cache/control-plane/bin).
# Skips the build when the stamp file records the same versions.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${AI4ALL_BIN:-$root/.cache/control-plane/bin}"
k8s_version="$(cd "$root/tools/k8s" && go list -m -f '{{.Version}}' k8s.io/kubernetes)"
etcd_version="$(cd "$root/tools/k8s" && go list -m -f '{{.Version}}' go.etcd.io/etcd/server/v3)"
kwok_version="$(cd "$root/tools/kwok" && go list -m -f '{{.Version}}' sigs.k8s.io/kwok)"
stamp="k8s=$k8s_version etcd=$etcd_version kwok=$kwok_version go=$(go env GOVERSION)"
mkdir -p "$bin"
if [[ -f "$bin/.stamp" && "$(cat "$bin/.stamp")" == "$stamp" ]]; then
  for b in etcd kube-apiserver kube-controller-manager kube-scheduler kwok; do
    [[ -x "$bin/$b" ]] || { rm -f "$bin/.stamp"; break; }
  done
  if [[ -f "$bin/.stamp" ]]; then echo "control plane up to date: $stamp"; exit 0; fi
fi
echo "building control plane: $stamp"
start=$(date +%s)
minor="${k8s_version#v1.}"; minor="${minor%%.*}"
git_commit="0000000000000000000000000000000000000000"
ld="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ld+=" -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ld+=" -X $pkg.gitCommit=$git_commit -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
export CGO_ENABLED=0
(cd "$root/tools/k8s" && go build -p 2 -trimpath -ldflags "$ld" -o "$bin/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler)
echo "kubernetes built after $(( $(date +%s) - start ))s"
(cd "$root/tools/k8s" && go build -p 2 -trimpath -ldflags "-s -w" -o "$bin/etcd" go.etcd.io/etcd/server/v3)
echo "etcd built after $(( $(date +%s) - start ))s"
kwok_ld="-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$kwok_version"
(cd "$root/tools/kwok" && go build -p 2 -trimpath -ldflags "$kwok_ld" -o "$bin/" sigs.k8s.io/kwok/cmd/kwok)
# kwok's stage definitions ship inside its module; keep a copy next to the binary.
moddir="$(cd "$root/tools/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)"
rm -rf "$bin/kwok-stages" && mkdir -p "$bin/kwok-stages" && cp -r "$moddir/kustomize/stage/." "$bin/kwok-stages/" && chmod -R u+w "$bin/kwok-stages"
echo "$stamp" > "$bin/.stamp"
echo "control plane built in $(( $(date +%s) - start ))s into $bin"
