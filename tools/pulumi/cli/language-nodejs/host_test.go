package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

func TestRunArgumentsAndEnvironment(t *testing.T) {
	options, err := structpb.NewStruct(map[string]any{"typescript": false, "nodeargs": "--import tsx"})
	if err != nil {
		t.Fatal(err)
	}
	req := &pulumirpc.RunRequest{
		MonitorAddress: "127.0.0.1:1", Project: "p", Stack: "lab", Pwd: "/proj", DryRun: true, Parallel: 4,
		Config:           map[string]string{"p:cluster": `{"context":"x"}`},
		ConfigSecretKeys: []string{"p:token"},
		Info:             &pulumirpc.ProgramInfo{RootDirectory: "/proj", ProgramDirectory: "/proj", EntryPoint: "stacks/index.ts", Options: options},
	}
	parsed := optionsFrom(req.GetInfo())
	if parsed.typescript || strings.Join(parsed.nodeargs, " ") != "--import tsx" {
		t.Fatalf("options: %+v", parsed)
	}
	got := strings.Join(runArguments(req, "/proj/node_modules/@pulumi/pulumi/cmd/run", "127.0.0.1:2", parsed), " ")
	want := "--import tsx /proj/node_modules/@pulumi/pulumi/cmd/run --monitor 127.0.0.1:1 --engine 127.0.0.1:2 " +
		"--project p --stack lab --pwd /proj --root-directory /proj --dry-run --parallel 4 stacks/index.ts"
	if got != want {
		t.Fatalf("arguments\n got: %s\nwant: %s", got, want)
	}
	env, err := runEnvironment(nil, req, parsed)
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(env, "\n")
	for _, line := range []string{
		`PULUMI_CONFIG={"p:cluster":"{\"context\":\"x\"}"}`,
		`PULUMI_CONFIG_SECRET_KEYS=["p:token"]`,
		"PULUMI_NODEJS_TYPESCRIPT=false",
	} {
		if !strings.Contains(joined, line) {
			t.Errorf("environment lacks %s:\n%s", line, joined)
		}
	}
}

func TestRequiredPackagesReadsProviderSDKs(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, content string) {
		path := filepath.Join(dir, "node_modules", rel, "package.json")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("@pulumi/kubernetes", `{"name":"@pulumi/kubernetes","version":"4.25.0","pulumi":{"resource":true}}`)
	write("@pulumi/pulumi", `{"name":"@pulumi/pulumi","version":"3.270.0"}`)
	write("yaml", `{"name":"yaml","version":"2.0.0"}`)
	packages, err := requiredPackages(filepath.Join(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(packages) != 1 || packages[0].Name != "kubernetes" || packages[0].Version != "v4.25.0" || packages[0].Kind != "resource" {
		t.Fatalf("packages: %v", packages)
	}
}
