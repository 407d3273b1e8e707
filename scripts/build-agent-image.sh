#!/usr/bin/env bash
# Builds the agent image on a lab host with whichever builder exists (docker, nerdctl or buildah)
# and imports it into k3s's containerd, so the cluster runs it without any registry.
#
#   scripts/build-agent-image.sh [tag]        # default tag: ai4all-sre-agent:<git short sha>
#
# Then set the AgentWorkload `image` prop (or the Pulumi config value) to the printed reference;
# with imagePullPolicy IfNotPresent the kubelet uses the imported image.
set -euo pipefail

cd "$(dirname "$0")/.."
tag="${1:-ai4all-sre-agent:$(git rev-parse --short HEAD 2>/dev/null || echo dev)}"
archive="$(mktemp -t ai4all-sre-agent.XXXXXX.tar)"
trap 'rm -f "$archive"' EXIT

run_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if command -v docker >/dev/null 2>&1; then
  builder=docker
  docker build --tag "$tag" .
  docker save --output "$archive" "$tag"
elif command -v nerdctl >/dev/null 2>&1; then
  builder=nerdctl
  # Build straight into k3s's containerd namespace when nerdctl can reach it; else save and import.
  nerdctl build --tag "$tag" .
  nerdctl save --output "$archive" "$tag"
elif command -v buildah >/dev/null 2>&1; then
  builder=buildah
  buildah bud --layers --tag "$tag" .
  buildah push "$tag" "docker-archive:$archive:$tag"
else
  echo "no image builder found: install docker, nerdctl or buildah" >&2
  exit 1
fi
echo "built $tag with $builder"

if command -v k3s >/dev/null 2>&1; then
  run_root k3s ctr --namespace k8s.io images import "$archive"
  echo "imported $tag into k3s (containerd namespace k8s.io)"
elif command -v ctr >/dev/null 2>&1 && [ -S /run/k3s/containerd/containerd.sock ]; then
  run_root ctr --address /run/k3s/containerd/containerd.sock --namespace k8s.io images import "$archive"
  echo "imported $tag into k3s via ctr"
else
  echo "k3s not found on this host: copy the image archive to the node and run" >&2
  echo "  k3s ctr --namespace k8s.io images import <archive>" >&2
  cp "$archive" "./$(echo "$tag" | tr ':/' '__').tar"
  echo "archive written to ./$(echo "$tag" | tr ':/' '__').tar" >&2
fi

echo "image reference for the AgentWorkload 'image' prop: docker.io/library/${tag}"
