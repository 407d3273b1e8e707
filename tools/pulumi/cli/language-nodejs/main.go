// Command pulumi-language-nodejs is the project's Node.js language host for the Pulumi CLI.
//
// Upstream's host (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs) is not published as a
// module the Go proxy serves, so the project carries this small host instead. It implements
// the part of the LanguageRuntime protocol that `pulumi preview/up/destroy` use: it starts
// `node <nodeargs> node_modules/@pulumi/pulumi/cmd/run …` for the program and reports the
// Pulumi packages the program depends on. Everything else answers Unimplemented.
//
// The engine starts it as `pulumi-language-nodejs [flags] ENGINE_ADDRESS` and reads the gRPC
// port from the first line of its standard output.
package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// version is set at build time (-ldflags "-X main.version=…").
var version = "0.0.0-dev"

func main() {
	if err := serve(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
}

func serve(args []string) error {
	engineAddress := engineAddressFrom(args)
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("could not find node on the PATH: %w", err)
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("could not listen on loopback: %w", err)
	}
	server := grpc.NewServer(grpc.MaxRecvMsgSize(400 * 1024 * 1024))
	pulumirpc.RegisterLanguageRuntimeServer(server, newHost(nodeBin, engineAddress))
	// The engine reads this line to learn where to connect.
	fmt.Printf("%d\n", listener.Addr().(*net.TCPAddr).Port)
	return server.Serve(listener)
}

// engineAddressFrom returns the last positional argument (flags such as -tracing=… are ignored).
func engineAddressFrom(args []string) string {
	address := ""
	for _, arg := range args {
		if !strings.HasPrefix(arg, "-") {
			address = arg
		}
	}
	return address
}
