// Command gen-sdk generates the Python, Node.js (TypeScript) and Go SDKs of the proton
// package from its schema, with Pulumi's own code generators at the pinned release: the
// codegen packages that `pulumi package gen-sdk` reaches through the language hosts, called
// directly, because the language hosts are not served by the Go module proxy here.
//
// Usage:
//
//	pulumi package get-schema pulumi-resource-proton > schema.json
//	go run . -schema schema.json -out ../../sdk [-languages python,nodejs,go]
//
// Each language's directory (OUT/python, OUT/nodejs, OUT/go) is emptied and written anew,
// so that a file the generators no longer produce does not linger. The Go SDK gets a go.mod
// (module path: the schema's go.modulePath) requiring the Pulumi Go SDK of this release, and
// `go mod tidy` completes it with a go.sum.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"golang.org/x/mod/modfile"
)

// pulumiVersion is the release of github.com/pulumi/pulumi whose generators this program
// links (go.mod pins pkg/v3 and sdk/v3 at it); the Go SDK requires the same sdk/v3.
const pulumiVersion = "v3.260.0"

// tool names the generator in the header of every generated file.
const tool = "proton gen-sdk (Pulumi codegen " + pulumiVersion + ")"

var languages = []string{"python", "nodejs", "go"}

func main() {
	schemaPath := flag.String("schema", "-", "the package schema (JSON); - reads standard input")
	out := flag.String("out", "sdk", "the directory that receives python/, nodejs/ and go/")
	only := flag.String("languages", strings.Join(languages, ","), "the languages to generate")
	flag.Parse()
	if err := run(*schemaPath, *out, strings.Split(*only, ",")); err != nil {
		fmt.Fprintf(os.Stderr, "gen-sdk: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, out string, langs []string) error {
	spec, err := readSpec(schemaPath)
	if err != nil {
		return err
	}
	for _, lang := range langs {
		// Each generator records its own language's options in the bound package, so each
		// language gets a package of its own.
		pkg, err := bind(spec)
		if err != nil {
			return err
		}
		files, err := generate(lang, pkg)
		if err != nil {
			return fmt.Errorf("%s: %w", lang, err)
		}
		dir := filepath.Join(out, lang)
		if err := write(dir, files); err != nil {
			return err
		}
		if lang == "go" {
			if err := tidy(dir); err != nil {
				return err
			}
		}
		fmt.Fprintf(os.Stderr, "gen-sdk: wrote %d files to %s\n", len(files), dir)
	}
	return nil
}

func readSpec(path string) (schema.PackageSpec, error) {
	var spec schema.PackageSpec
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(os.Stdin)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return spec, fmt.Errorf("reading the schema: %w", err)
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		return spec, fmt.Errorf("parsing the schema: %w", err)
	}
	return spec, nil
}

// bind validates the schema and binds it, as `pulumi package gen-sdk` does.
func bind(spec schema.PackageSpec) (*schema.Package, error) {
	pkg, diags, err := schema.BindSpec(spec, refusingLoader{}, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("binding the schema: %w", err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("the schema is invalid: %w", diags)
	}
	return pkg, nil
}

func generate(lang string, pkg *schema.Package) (map[string][]byte, error) {
	loader := refusingLoader{}
	switch lang {
	case "python":
		files, err := python.GeneratePackage(tool, pkg, nil, loader)
		if err != nil {
			return nil, err
		}
		// pyproject.toml names README.md beside it, but the generator writes the README
		// into the package directory only: without a copy, pip cannot build the SDK.
		info, _ := pkg.Language["python"].(python.PackageInfo)
		if readme, ok := files[info.PackageName+"/README.md"]; ok {
			if _, ok := files["README.md"]; !ok {
				files["README.md"] = readme
			}
		}
		return files, nil
	case "nodejs":
		// localSDK: the package compiles itself when installed (a postinstall script runs
		// tsc), which is what installing it from a directory of this repository needs.
		return nodejs.GeneratePackage(tool, pkg, nil, nil, true, loader)
	case "go":
		files, err := gogen.GeneratePackage(tool, pkg, nil)
		if err != nil {
			return nil, err
		}
		mod, err := goMod(pkg)
		if err != nil {
			return nil, err
		}
		files["go.mod"] = mod
		return files, nil
	}
	return nil, fmt.Errorf("unknown language %q (known: %s)", lang, strings.Join(languages, ", "))
}

// goMod is the Go SDK's go.mod before `go mod tidy`: its module path from the schema's
// go.modulePath, requiring the Pulumi Go SDK of this release.
func goMod(pkg *schema.Package) ([]byte, error) {
	info, _ := pkg.Language["go"].(gogen.GoPackageInfo)
	if info.ModulePath == "" {
		return nil, errors.New("the schema's language.go section names no modulePath")
	}
	if !strings.HasPrefix(info.ImportBasePath, info.ModulePath+"/") {
		return nil, fmt.Errorf("go.importBasePath %q is not inside go.modulePath %q",
			info.ImportBasePath, info.ModulePath)
	}
	var mod modfile.File
	for _, step := range []error{
		mod.AddModuleStmt(info.ModulePath),
		mod.AddGoStmt("1.26"),
		mod.AddRequire("github.com/pulumi/pulumi/sdk/v3", pulumiVersion),
	} {
		if step != nil {
			return nil, step
		}
	}
	return mod.Format()
}

func write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// tidy completes the Go SDK's go.mod and writes its go.sum (from the module cache, which
// building this program filled).
func tidy(dir string) error {
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go mod tidy in %s: %w", dir, err)
	}
	return nil
}

// refusingLoader loads no package: the proton schema references none but its own.
type refusingLoader struct{}

var errNoPackages = errors.New("the proton schema may reference no other package")

func (refusingLoader) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoPackages
}

func (refusingLoader) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoPackages
}

func (refusingLoader) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoPackages
}

func (refusingLoader) LoadPackageReferenceV2(
	context.Context, *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, errNoPackages
}
