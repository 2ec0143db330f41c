// Command gen-program is the GenerateProgram of scripts/pulumi-language-python: it turns PCL
// (what `pulumi import` and `pulumi convert` produce) into a Python program with Pulumi's own
// Python program generator (github.com/pulumi/pulumi/pkg/v3/codegen/python) at the engine's
// release, as the official Python language host (a Go program the Go module proxy does not
// serve) does inside itself.
//
// It speaks the language host protocol's own messages: a serialized
// pulumirpc.GenerateProgramRequest on standard input, a serialized
// pulumirpc.GenerateProgramResponse on standard output. The schemas of the packages the
// program uses come from the engine's schema loader at the request's loader_target, so it
// needs no plugin of its own. On an error it writes one line to standard error and exits 1.
//
// scripts/install-pulumi builds it into the engine's bin directory, beside the host.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/proto"
)

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "gen-program: %v\n", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out io.Writer) error {
	data, err := io.ReadAll(in)
	if err != nil {
		return fmt.Errorf("reading the request: %w", err)
	}
	var req pulumirpc.GenerateProgramRequest
	if err := proto.Unmarshal(data, &req); err != nil {
		return fmt.Errorf("parsing the request: %w", err)
	}
	resp, err := generateProgram(&req)
	if err != nil {
		return err
	}
	encoded, err := proto.Marshal(resp)
	if err != nil {
		return fmt.Errorf("encoding the response: %w", err)
	}
	_, err = out.Write(encoded)
	return err
}

// generateProgram is the official Python language host's GenerateProgram at this release:
// parse every PCL file, bind the program (leniently unless the request is strict), generate.
func generateProgram(req *pulumirpc.GenerateProgramRequest) (*pulumirpc.GenerateProgramResponse, error) {
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, fmt.Errorf("connecting to the schema loader at %q: %w", req.LoaderTarget, err)
	}
	defer loader.Close()

	// In name order, so that the same request always gives the same program.
	names := make([]string, 0, len(req.Source))
	for name := range req.Source {
		names = append(names, name)
	}
	sort.Strings(names)
	parser := syntax.NewParser()
	for _, name := range names {
		if err := parser.ParseFile(strings.NewReader(req.Source[name]), name); err != nil {
			return nil, fmt.Errorf("parsing %s: %w", name, err)
		}
		if parser.Diagnostics.HasErrors() {
			return nil, parser.Diagnostics
		}
	}

	options := []pcl.BindOption{pcl.PreferOutputVersionedInvokes}
	if !req.Strict {
		options = append(options, pcl.NonStrictBindOptions()...)
	}
	program, diags, err := pcl.BindProgram(parser.Files, schema.NewCachedLoader(loader), options...)
	if err != nil {
		return nil, fmt.Errorf("binding the program: %w", err)
	}
	diagnostics := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: diagnostics}, nil
	}
	if program == nil {
		return nil, errors.New("the binder returned no program and no error")
	}

	files, diags, err := python.GenerateProgram(program)
	if err != nil {
		return nil, fmt.Errorf("generating Python: %w", err)
	}
	diagnostics = append(diagnostics, plugin.HclDiagnosticsToRPCDiagnostics(diags)...)
	return &pulumirpc.GenerateProgramResponse{Source: files, Diagnostics: diagnostics}, nil
}
