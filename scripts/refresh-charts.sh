#!/usr/bin/env bash
# Refreshes vendor/charts from the chart repositories pinned in stacks/catalog/chart-catalog.ts
# (run on a machine that can reach them), or checks the vendored archives offline.
#
#   scripts/refresh-charts.sh           helm pull every catalog chart at its pinned version into
#                                       vendor/charts, drop archives the catalog no longer names,
#                                       rewrite SHA256SUMS
#   scripts/refresh-charts.sh --check   offline: every catalog chart has its archive, every archive
#                                       is in the catalog, and SHA256SUMS matches (exit 1 otherwise)
#
# Helm: .cache/tools/bin/helm (`npm run tools:build`) or any helm on PATH. After a refresh, update
# vendor/charts/README.md (source of each archive; a pulled archive is the repository's published
# package, not a package built from the upstream tag) and run `npm test` and `npm run test:engines`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
charts="$root/vendor/charts"
mode="${1:-refresh}"
[[ "$mode" == refresh || "$mode" == --check ]] || { echo "usage: $0 [--check]" >&2; exit 2; }

# One line per catalog chart: <chart> <version> <repo>
catalog="$(cd "$root" && npx --no-install tsx --eval "
  import('./stacks/catalog/chart-catalog.ts').then(({ CHARTS }) => {
    for (const c of Object.values(CHARTS)) console.log(c.chart + ' ' + c.version + ' ' + c.repo);
  });")"
[[ -n "$catalog" ]] || { echo "refresh-charts: could not read stacks/catalog/chart-catalog.ts" >&2; exit 1; }
expected="$(awk '{ print $1 "-" $2 ".tgz" }' <<< "$catalog" | sort)"

if [[ "$mode" == --check ]]; then
  present="$(cd "$charts" && ls -1 -- *.tgz | sort)"
  if [[ "$present" != "$expected" ]]; then
    echo "refresh-charts: vendor/charts does not match the catalog" >&2
    diff <(echo "$expected") <(echo "$present") >&2 || true
    exit 1
  fi
  (cd "$charts" && sha256sum --quiet -c SHA256SUMS)
  echo "vendor/charts: $(wc -l <<< "$expected") archives match the catalog and SHA256SUMS"
  exit 0
fi

helm="$root/.cache/tools/bin/helm"
[[ -x "$helm" ]] || helm="$(command -v helm || true)"
[[ -n "$helm" ]] || { echo "refresh-charts: no helm (run npm run tools:build, or put helm on PATH)" >&2; exit 1; }
download="$(mktemp -d)"
trap 'rm -rf "$download"' EXIT
while read -r chart version repo; do
  echo "pulling $chart $version from $repo"
  "$helm" pull "$chart" --repo "$repo" --version "$version" --destination "$download"
done <<< "$catalog"
# Replace only after every pull succeeded, so a failed refresh leaves vendor/charts as it was.
(cd "$charts" && rm -f -- *.tgz)
cp "$download"/*.tgz "$charts/"
(cd "$charts" && sha256sum -- *.tgz > SHA256SUMS)
echo "vendor/charts refreshed; now update vendor/charts/README.md (sources) and run the tests"
