//go:build tools

// Package tools pins the kyverno CLI this wrapper module builds.
package tools

import (
	_ "github.com/kyverno/kyverno/cmd/cli/kubectl-kyverno"
)
