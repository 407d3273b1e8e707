//go:build tools

// Package tools pins the commands this wrapper module builds: promtool and the prometheus server.
package tools

import (
	_ "github.com/prometheus/prometheus/cmd/prometheus"
	_ "github.com/prometheus/prometheus/cmd/promtool"
)
