package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// bailExitCode is the exit code @pulumi/pulumi's run script uses after it has already
// reported the error to the engine (cmd/run: nodeJSProcessExitedAfterLoggingUserActionableMessage).
const bailExitCode = 32

// runOptions are the Pulumi.yaml `runtime.options` this host understands.
type runOptions struct {
	typescript bool
	nodeargs   []string
	tsconfig   string
}

func optionsFrom(info *pulumirpc.ProgramInfo) runOptions {
	options := runOptions{typescript: true}
	if info == nil || info.GetOptions() == nil {
		return options
	}
	fields := info.GetOptions().AsMap()
	if value, ok := fields["typescript"].(bool); ok {
		options.typescript = value
	}
	if value, ok := fields["nodeargs"].(string); ok {
		options.nodeargs = strings.Fields(value)
	}
	if value, ok := fields["tsconfig"].(string); ok {
		options.tsconfig = value
	}
	return options
}

// programDirectory is where the program's node_modules are looked up.
func programDirectory(req *pulumirpc.RunRequest) string {
	if dir := req.GetInfo().GetProgramDirectory(); dir != "" {
		return dir
	}
	return req.GetPwd()
}

// runArguments is node's command line: node args, the SDK's run script, its flags, the program.
func runArguments(req *pulumirpc.RunRequest, runScript, engineAddress string, options runOptions) []string {
	args := append([]string{}, options.nodeargs...)
	args = append(args, runScript)
	flag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flag("monitor", req.GetMonitorAddress())
	flag("engine", engineAddress)
	flag("organization", req.GetOrganization())
	flag("project", req.GetProject())
	flag("stack", req.GetStack())
	flag("pwd", req.GetPwd())
	flag("root-directory", req.GetInfo().GetRootDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() > 0 {
		flag("parallel", strconv.Itoa(int(req.GetParallel())))
	}
	program := req.GetInfo().GetEntryPoint()
	if program == "" {
		program = req.GetProgram() //nolint:staticcheck // older engines only set this field
	}
	if program == "" {
		program = "."
	}
	args = append(args, program)
	return append(args, req.GetArgs()...)
}

// runEnvironment adds the stack's configuration and the run script's switches to env.
func runEnvironment(env []string, req *pulumirpc.RunRequest, options runOptions) ([]string, error) {
	config, err := json.Marshal(nonNilMap(req.GetConfig()))
	if err != nil {
		return nil, fmt.Errorf("serialising config: %w", err)
	}
	secretKeys, err := json.Marshal(nonNilSlice(req.GetConfigSecretKeys()))
	if err != nil {
		return nil, fmt.Errorf("serialising config secret keys: %w", err)
	}
	env = append(env,
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys),
		"PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(options.typescript),
	)
	if options.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+options.tsconfig)
	}
	return env, nil
}

// runScriptPath finds @pulumi/pulumi/cmd/run in the program's node_modules.
func runScriptPath(programDir string) (string, error) {
	modules := findNodeModules(programDir)
	if modules == "" {
		return "", errors.New("no node_modules found above " + programDir + ": run npm ci first")
	}
	script := filepath.Join(modules, "@pulumi", "pulumi", "cmd", "run")
	if _, err := os.Stat(script); err != nil {
		return "", fmt.Errorf("the Pulumi SDK is not installed in %s (run npm ci first): %w", modules, err)
	}
	return script, nil
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func nonNilSlice(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
