// Command pulsetrace-helm-check renders the PulseTrace Helm chart with Helm v4's own Go library (as
// `helm template` does, values.schema.json included), strictly decodes every manifest into the
// official Kubernetes Go types (and the prometheus-operator ServiceMonitor type), runs cross-object
// checks, and prints a JSON summary. Nothing here talks to a cluster or the network.
//
//	pulsetrace-helm-check --chart deploy/helm/pulsetrace -f ci/default-values.yaml [-f more.yaml]
//	    [--release pulsetrace] [--namespace observability] [--external Secret/name]... [--manifests]
//
// Exit status: 0 rendered with no problems, 1 rendering failed or problems were found, 2 bad usage.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/chart/loader"
	"helm.sh/helm/v4/pkg/cli/values"
	"helm.sh/helm/v4/pkg/engine"
	"helm.sh/helm/v4/pkg/getter"
	releaseutil "helm.sh/helm/v4/pkg/release/v1/util"
)

// Summary is the JSON printed on stdout; the jest test (test/deploy/helm.test.ts) asserts on it.
type Summary struct {
	OK bool `json:"ok"`
	// RenderError is Helm's error when the chart could not be rendered (schema violation, `fail`).
	RenderError string         `json:"renderError,omitempty"`
	Kinds       map[string]int `json:"kinds"`
	Objects     []ObjectRef    `json:"objects"`
	Problems    []string       `json:"problems"`
	// ConfigMaps holds every rendered ConfigMap's data, so callers can check embedded configs.
	ConfigMaps map[string]map[string]string `json:"configMaps"`
	// Manifests is the rendered YAML in install order (only with --manifests).
	Manifests string `json:"manifests,omitempty"`
}

// ObjectRef names one rendered object and the template it came from.
type ObjectRef struct {
	Kind       string `json:"kind"`
	APIVersion string `json:"apiVersion"`
	Name       string `json:"name"`
	Source     string `json:"source"`
}

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	// Helm logs at INFO (e.g. that files/otelcol-config.yaml is a symlink); keep stderr for warnings.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pulsetrace-helm-check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	chartDir := fs.String("chart", "", "chart directory (required)")
	release := fs.String("release", "pulsetrace", "release name")
	namespace := fs.String("namespace", "default", "release namespace")
	withManifests := fs.Bool("manifests", false, "include the rendered YAML in the summary")
	var valueFiles, externals stringList
	fs.Var(&valueFiles, "f", "values file (repeatable, later files win)")
	fs.Var(&externals, "external", "Kind/name of an object the chart references but does not create, e.g. Secret/my-tokens (repeatable)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *chartDir == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: pulsetrace-helm-check --chart DIR [-f values.yaml]... [--external Kind/name]... [--manifests]")
		return 2
	}
	summary := check(*chartDir, *release, *namespace, valueFiles, externals, *withManifests)
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(summary); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if !summary.OK {
		return 1
	}
	return 0
}

func check(chartDir, release, namespace string, valueFiles, externals []string, withManifests bool) *Summary {
	s := &Summary{Kinds: map[string]int{}, Objects: []ObjectRef{}, Problems: []string{}, ConfigMaps: map[string]map[string]string{}}
	manifests, err := render(chartDir, release, namespace, valueFiles)
	if err != nil {
		s.RenderError = err.Error()
		return s
	}
	var all strings.Builder
	objs := []*object{}
	for _, m := range manifests {
		fmt.Fprintf(&all, "---\n# Source: %s\n%s\n", m.Name, m.Content)
		o, problems := decodeStrict(m.Name, []byte(m.Content))
		s.Problems = append(s.Problems, problems...)
		if o != nil {
			if o.meta.GetNamespace() == "" {
				o.meta.SetNamespace(namespace)
			}
			objs = append(objs, o)
		}
	}
	if withManifests {
		s.Manifests = all.String()
	}
	for _, o := range objs {
		s.Kinds[o.kind]++
		s.Objects = append(s.Objects, ObjectRef{Kind: o.kind, APIVersion: o.apiVersion, Name: o.meta.GetName(), Source: o.source})
		if data := configMapData(o); data != nil {
			s.ConfigMaps[o.meta.GetName()] = data
		}
	}
	sort.Slice(s.Objects, func(i, j int) bool {
		a, b := s.Objects[i], s.Objects[j]
		return a.Kind+"/"+a.Name < b.Kind+"/"+b.Name
	})
	s.Problems = append(s.Problems, crossChecks(objs, externals)...)
	s.OK = len(s.Problems) == 0
	return s
}

// render does what `helm template` does, client-only: load the chart, merge the values files over
// values.yaml, validate against values.schema.json, execute the templates and sort the manifests.
func render(chartDir, release, namespace string, valueFiles []string) ([]releaseutil.Manifest, error) {
	chrt, err := loader.Load(chartDir)
	if err != nil {
		return nil, fmt.Errorf("loading chart %s: %w", chartDir, err)
	}
	opts := values.Options{ValueFiles: valueFiles}
	vals, err := opts.MergeValues(getter.Providers{})
	if err != nil {
		return nil, fmt.Errorf("reading values: %w", err)
	}
	rel := common.ReleaseOptions{Name: release, Namespace: namespace, Revision: 1, IsInstall: true}
	renderVals, err := util.ToRenderValuesWithSchemaValidation(chrt, vals, rel, common.DefaultCapabilities, false)
	if err != nil {
		return nil, err
	}
	files, err := engine.Render(chrt, renderVals)
	if err != nil {
		return nil, err
	}
	for name := range files {
		if strings.HasSuffix(name, "NOTES.txt") {
			delete(files, name)
		}
	}
	hooks, manifests, err := releaseutil.SortManifests(files, nil, releaseutil.InstallOrder)
	if err != nil {
		return nil, err
	}
	if len(hooks) > 0 {
		return nil, fmt.Errorf("the chart renders %d hook(s); this checker validates plain manifests only", len(hooks))
	}
	return manifests, nil
}
