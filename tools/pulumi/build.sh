#!/usr/bin/env bash
# Builds the Pulumi engine the lab test runs, offline from the Go module proxy and vendored
# sources, into $AI4ALL_PULUMI_BIN (default .cache/pulumi/bin):
#   pulumi                      CLI, tools/pulumi/cli (github.com/pulumi/pulumi/pkg/v3)
#   pulumi-language-nodejs      the project's Node.js language host, tools/pulumi/cli/language-nodejs
#   pulumi-resource-kubernetes  tools/pulumi/kubernetes (provider module, schema embedded here)
#   pulumi-resource-random/tls  vendor/pulumi-providers/provider-sources.tgz, unpacked into .cache
# Each binary has its own stamp (pins + go.sum + sources + Go version): unchanged pins = no-op.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${AI4ALL_PULUMI_BIN:-$root/.cache/pulumi/bin}"
src="$root/.cache/pulumi/src"
command -v go >/dev/null 2>&1 || { echo "tools/pulumi/build.sh: Go (1.26 or newer) is required on PATH to build the Pulumi engine; see docs/lab-guide.md" >&2; exit 2; }
command -v node >/dev/null 2>&1 || { echo "tools/pulumi/build.sh: node is required on PATH (schema embedding)" >&2; exit 2; }
# shellcheck source=pins.env
source "$here/pins.env"
export CGO_ENABLED=0 GOFLAGS="-buildvcs=false"
mkdir -p "$bin" "$src"
start=$(date +%s)
hash_of() { cat "$@" | sha256sum | cut -c1-16; }
go_version="$(go env GOVERSION)"

# up_to_date NAME STAMP: true when NAME exists and was built from STAMP.
up_to_date() { [[ -x "$bin/$1" && -f "$bin/.stamp-$1" && "$(cat "$bin/.stamp-$1")" == "$2" ]]; }
done_stamp() { echo "$2" > "$bin/.stamp-$1"; echo "built $1 after $(( $(date +%s) - start ))s"; }

# embed_schema DIR VERSION: schema.json -> schema-embed.json with "version" set (what upstream's
# generate.go does), and terraform-mapping.json -> terraform-mapping-embed.json when present.
embed_schema() {
  node -e '
    const fs = require("node:fs"); const [dir, version] = process.argv.slice(1);
    const schema = JSON.parse(fs.readFileSync(dir + "/schema.json", "utf8")); schema.version = version;
    fs.writeFileSync(dir + "/schema-embed.json", JSON.stringify(schema));
    if (fs.existsSync(dir + "/terraform-mapping.json"))
      fs.writeFileSync(dir + "/terraform-mapping-embed.json", JSON.stringify(JSON.parse(fs.readFileSync(dir + "/terraform-mapping.json", "utf8"))));
  ' "$1" "$2"
}

# --- pulumi CLI + language host -------------------------------------------------------------
cli="$here/cli"
pulumi_version="$(cd "$cli" && go list -m -f '{{.Version}}' github.com/pulumi/pulumi/pkg/v3)"
stamp="pulumi=$pulumi_version sum=$(hash_of "$cli/go.sum") go=$go_version"
if up_to_date pulumi "$stamp"; then echo "pulumi $pulumi_version up to date"; else
  echo "building pulumi $pulumi_version (cold: about 12 min)"
  (cd "$cli" && go build -p 2 -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$pulumi_version" \
    -o "$bin/" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  done_stamp pulumi "$stamp"
fi
stamp="language-nodejs sum=$(hash_of "$cli/go.sum" "$cli"/language-nodejs/*.go) go=$go_version"
if up_to_date pulumi-language-nodejs "$stamp"; then echo "pulumi-language-nodejs up to date"; else
  (cd "$cli" && go build -p 2 -trimpath -ldflags "-s -w -X main.version=${pulumi_version#v}" \
    -o "$bin/pulumi-language-nodejs" ./language-nodejs)
  # Its unit tests (arguments, environment, package discovery) run with every rebuild: seconds.
  (cd "$cli" && go test ./language-nodejs)
  done_stamp pulumi-language-nodejs "$stamp"
fi

# --- Kubernetes provider --------------------------------------------------------------------
# The provider's cmd package //go:embeds schema files that upstream generates and the module zip
# lacks, so the module is copied into .cache, the files are generated there, and the wrapper is
# built with a copy of its go.mod that points the provider module at that copy.
k8s="$here/kubernetes"
k8s_module=github.com/pulumi/pulumi-kubernetes/provider/v4
k8s_pseudo="$(cd "$k8s" && go list -m -f '{{.Version}}' "$k8s_module")"
stamp="kubernetes=$KUBERNETES_PROVIDER_VERSION ($k8s_pseudo) sum=$(hash_of "$k8s/go.sum") go=$go_version"
if up_to_date pulumi-resource-kubernetes "$stamp"; then echo "pulumi-resource-kubernetes $KUBERNETES_PROVIDER_VERSION up to date"; else
  echo "building pulumi-resource-kubernetes $KUBERNETES_PROVIDER_VERSION (cold: about 9 min)"
  (cd "$k8s" && go mod download "$k8s_module")
  moddir="$(cd "$k8s" && go list -m -f '{{.Dir}}' "$k8s_module")"
  copy="$src/pulumi-kubernetes-provider"
  rm -rf "$copy" && cp -r "$moddir" "$copy" && chmod -R u+w "$copy"
  embed_schema "$copy/cmd/pulumi-resource-kubernetes" "$KUBERNETES_PROVIDER_VERSION"
  cp "$k8s/go.mod" "$src/kubernetes.mod" && cp "$k8s/go.sum" "$src/kubernetes.sum"
  (cd "$k8s" && go mod edit -replace "$k8s_module=$copy" "$src/kubernetes.mod" \
    && go build -modfile="$src/kubernetes.mod" -p 2 -trimpath \
      -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$KUBERNETES_PROVIDER_VERSION" \
      -o "$bin/" "$k8s_module/cmd/pulumi-resource-kubernetes")
  done_stamp pulumi-resource-kubernetes "$stamp"
fi

# --- Random and TLS providers from the vendored sources -------------------------------------
tgz="$root/vendor/pulumi-providers/provider-sources.tgz"
tgz_hash="$(hash_of "$tgz")"
# build_bridged NAME MODULE VERSION
build_bridged() {
  local name="$1" module="$2" version="$3"
  local stamp="$name=$version sources=$tgz_hash go=$go_version"
  if up_to_date "pulumi-resource-$name" "$stamp"; then echo "pulumi-resource-$name $version up to date"; return; fi
  if [[ ! -f "$src/pulumi-providers/.sources-$tgz_hash" ]]; then
    rm -rf "$src/pulumi-providers" && tar -xzf "$tgz" -C "$src" && touch "$src/pulumi-providers/.sources-$tgz_hash"
  fi
  local dir="$src/pulumi-providers/$name/provider"
  embed_schema "$dir/cmd/pulumi-resource-$name" "$version"
  (cd "$dir" && GOFLAGS="-buildvcs=false -mod=mod" go build -p 2 -trimpath \
    -ldflags "-s -w -X $module/pkg/version.Version=$version" -o "$bin/" "./cmd/pulumi-resource-$name")
  done_stamp "pulumi-resource-$name" "$stamp"
}
build_bridged random github.com/pulumi/pulumi-random/provider/v4 "$RANDOM_PROVIDER_VERSION"
build_bridged tls github.com/pulumi/pulumi-tls/provider/v5 "$TLS_PROVIDER_VERSION"

echo "pulumi engine ready in $bin after $(( $(date +%s) - start ))s"
