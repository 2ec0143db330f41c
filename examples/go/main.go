// Command example runs the handshake program with the Automation API (an inline program: no
// Go language host needed), in a project whose directory is the current one.
//
//	go run . up|preview|refresh|destroy [key=value ...]
//
// key=value pairs are set as stack configuration first (a JSON object for `tags`). The
// engine is the `pulumi` on PATH, the backend PULUMI_BACKEND_URL; PROTON_PLUGIN_DIR, when
// set, names the directory of pulumi-resource-proton (otherwise the engine looks on PATH).
// Prints one JSON line: the stack's outputs and the operation's resource changes.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: example up|preview|refresh|destroy [key=value ...]")
		os.Exit(2)
	}
	if err := run(context.Background(), os.Args[1], os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(ctx context.Context, action string, settings []string) error {
	workDir, err := os.Getwd()
	if err != nil {
		return err
	}
	project := workspace.Project{
		Name:    "proton-example",
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
	}
	if dir := os.Getenv("PROTON_PLUGIN_DIR"); dir != "" {
		project.Plugins = &workspace.Plugins{
			Providers: []workspace.PluginOptions{{Name: "proton", Path: dir}},
		}
	}
	stack, err := auto.UpsertStackInlineSource(ctx, "dev", "proton-example", handshake,
		auto.WorkDir(workDir), auto.Project(project))
	if err != nil {
		return err
	}
	for _, setting := range settings {
		key, value, _ := strings.Cut(setting, "=")
		if err := stack.SetConfig(ctx, key, auto.ConfigValue{Value: value}); err != nil {
			return err
		}
	}

	var changes any
	switch action {
	case "up":
		res, err := stack.Up(ctx, optup.ProgressStreams(os.Stderr))
		if err != nil {
			return err
		}
		changes = res.Summary.ResourceChanges
	case "preview":
		res, err := stack.Preview(ctx, optpreview.ProgressStreams(os.Stderr), optpreview.Diff())
		if err != nil {
			return err
		}
		changes = res.ChangeSummary
	case "refresh":
		res, err := stack.Refresh(ctx, optrefresh.ProgressStreams(os.Stderr))
		if err != nil {
			return err
		}
		changes = res.Summary.ResourceChanges
	case "destroy":
		res, err := stack.Destroy(ctx, optdestroy.ProgressStreams(os.Stderr))
		if err != nil {
			return err
		}
		changes = res.Summary.ResourceChanges
	default:
		return fmt.Errorf("unknown action %s: up, preview, refresh or destroy", action)
	}

	outputs, err := stack.Outputs(ctx)
	if err != nil {
		return err
	}
	values := map[string]any{}
	for name, output := range outputs {
		values[name] = output.Value
	}
	return json.NewEncoder(os.Stdout).Encode(map[string]any{"outputs": values, "changes": changes})
}
