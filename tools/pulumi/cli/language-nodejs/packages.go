package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// packageManifest is the part of a package.json that marks a Pulumi provider SDK.
type packageManifest struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Pulumi  struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
	} `json:"pulumi"`
}

// requiredPackages lists the provider SDKs installed in the program's node_modules
// (top level and one scope deep), as {name, version} of the plugin each one needs.
func requiredPackages(programDirectory string) ([]*pulumirpc.PackageDependency, error) {
	modules := findNodeModules(programDirectory)
	if modules == "" {
		return nil, nil
	}
	patterns := []string{filepath.Join(modules, "*", "package.json"), filepath.Join(modules, "@*", "*", "package.json")}
	var found []*pulumirpc.PackageDependency
	for _, pattern := range patterns {
		files, err := filepath.Glob(pattern)
		if err != nil {
			return nil, err
		}
		for _, file := range files {
			dependency, err := readPackage(file)
			if err != nil {
				return nil, err
			}
			if dependency != nil {
				found = append(found, dependency)
			}
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].Name < found[j].Name })
	return found, nil
}

func readPackage(file string) (*pulumirpc.PackageDependency, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var manifest packageManifest
	if err := json.Unmarshal(raw, &manifest); err != nil || !manifest.Pulumi.Resource {
		return nil, nil //nolint:nilerr // a package.json we cannot read is not a provider SDK
	}
	name := manifest.Pulumi.Name
	if name == "" {
		name = strings.TrimPrefix(strings.TrimPrefix(manifest.Name, "@pulumi/"), "@")
	}
	packageVersion := manifest.Pulumi.Version
	if packageVersion == "" {
		packageVersion = manifest.Version
	}
	if packageVersion != "" && !strings.HasPrefix(packageVersion, "v") {
		packageVersion = "v" + packageVersion
	}
	return &pulumirpc.PackageDependency{Name: name, Kind: "resource", Version: packageVersion}, nil
}

// findNodeModules walks up from dir to the nearest node_modules folder.
func findNodeModules(dir string) string {
	for current := dir; ; current = filepath.Dir(current) {
		candidate := filepath.Join(current, "node_modules")
		if info, err := os.Stat(candidate); err == nil && info.IsDir() {
			return candidate
		}
		if filepath.Dir(current) == current {
			return ""
		}
	}
}
