//go:build tools

// Package tools pins the commands this wrapper module builds: amtool and the alertmanager server.
package tools

import (
	_ "github.com/prometheus/alertmanager/cmd/alertmanager"
	_ "github.com/prometheus/alertmanager/cmd/amtool"
)
